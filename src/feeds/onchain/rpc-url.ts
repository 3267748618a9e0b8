import { ConfigError } from '../../core/index.js';

const REDACTED = '[redacted]';
/** A path segment that looks like an API key or token (Infura `/v3/<key>`, Alchemy `/v2/<key>`, ...). */
const KEY_LIKE = /^[A-Za-z0-9_-]{16,}$/;

/**
 * An RPC URL safe to print: user info, query values and key-like path segments become `[redacted]`;
 * scheme, host, port and short path segments (`/v3`, `/eth`) stay so the user can tell which provider.
 * Text that does not parse as a URL is redacted whole.
 */
export function redactRpcUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  const auth = parsed.username !== '' || parsed.password !== '' ? `${REDACTED}@` : '';
  const segments = parsed.pathname.split('/').map((s) => (KEY_LIKE.test(s) ? REDACTED : s));
  const query = [...parsed.searchParams.keys()].map((k) => `${k}=${REDACTED}`).join('&');
  return `${parsed.protocol}//${auth}${parsed.host}${segments.join('/')}${query === '' ? '' : `?${query}`}`;
}

/** Replaces every occurrence of the raw URL (and its key-like parts) in `text` with the redacted form. */
export function scrubRpcUrl(text: string, url: string): string {
  let out = text.split(url).join(redactRpcUrl(url));
  for (const part of secretParts(url)) out = out.split(part).join(REDACTED);
  return out;
}

function secretParts(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [
      ...parsed.pathname.split('/').filter((s) => KEY_LIKE.test(s)),
      ...[...parsed.searchParams.values()].filter((v) => v.length >= 8),
      ...[parsed.password].filter((p) => p !== ''),
    ];
  } catch {
    return url === '' ? [] : [url];
  }
}

/**
 * The RPC URL to use: `baseUrl` when given (a local node in tests and demos), else the environment
 * variable named by `feeds.onchain.rpcUrlEnv`.
 * @throws ConfigError when neither is set or the value is not an http(s) URL
 */
export function resolveRpcUrl(envName: string, env: NodeJS.ProcessEnv, baseUrl?: string): string {
  const url = baseUrl ?? env[envName];
  const field =
    baseUrl === undefined ? `feeds.onchain.rpcUrlEnv: environment variable ${envName}` : '--base-url';
  if (url === undefined || url.trim() === '') {
    throw new ConfigError('the onchain feed has no Ethereum RPC URL', [
      `${field} is not set (set it to an Ethereum mainnet JSON-RPC URL such as https://mainnet.infura.io/v3/<key>)`,
    ]);
  }
  if (!/^https?:\/\//i.test(url.trim())) {
    throw new ConfigError('the onchain feed has no usable Ethereum RPC URL', [
      `${field} must be an http(s) JSON-RPC URL, got ${redactRpcUrl(url.trim())}`,
    ]);
  }
  return url.trim();
}
