/**
 * Removes credentials from text that may reach a log or an error: the key and secret values
 * themselves, and the signature and key parameters of signed URLs (ccxt puts the full URL into
 * timeout and network error messages).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s !== undefined && s.length >= 4) out = out.split(s).join('[redacted]');
  return out.replace(/\b(signature|apiKey|api_key|X-MBX-APIKEY|sign)=([^&\s"']+)/gi, '$1=[redacted]');
}
