import { inspect } from 'node:util';
import { ConfigError } from '../core/index.js';
import type { NmrbotConfig } from './schema.js';

const REDACTED = '[redacted]';

/**
 * A secret value that prints as `[redacted]` in logs, JSON and `util.inspect`;
 * only `reveal()` returns the text, at the point of use (the ccxt client, the HTTP check).
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

export interface NmrbotSecrets {
  /** Exchange API key, from `exchange.apiKeyEnv`. */
  apiKey: Secret | undefined;
  /** Exchange API secret, from `exchange.secretEnv`. */
  apiSecret: Secret | undefined;
  /** Bearer token of the API and dashboard, from `server.tokenEnv`. */
  serverToken: Secret | undefined;
}

/** Reads the secrets from the environment variables the config names; unset or empty → undefined. */
export function resolveSecrets(config: NmrbotConfig, env: NodeJS.ProcessEnv = process.env): NmrbotSecrets {
  return {
    apiKey: secretFrom(env, config.exchange.apiKeyEnv),
    apiSecret: secretFrom(env, config.exchange.secretEnv),
    serverToken: secretFrom(env, config.server.tokenEnv),
  };
}

/**
 * The exchange credentials live trading needs.
 * @throws ConfigError listing each missing variable as `exchange.apiKeyEnv: ...`
 */
export function requireExchangeCredentials(
  config: NmrbotConfig,
  env: NodeJS.ProcessEnv = process.env,
): { apiKey: Secret; apiSecret: Secret } {
  const { apiKey, apiSecret } = resolveSecrets(config, env);
  if (apiKey !== undefined && apiSecret !== undefined) return { apiKey, apiSecret };
  const missing = [
    apiKey === undefined
      ? `exchange.apiKeyEnv: environment variable ${config.exchange.apiKeyEnv} is not set`
      : '',
    apiSecret === undefined
      ? `exchange.secretEnv: environment variable ${config.exchange.secretEnv} is not set`
      : '',
  ].filter((line) => line !== '');
  throw new ConfigError('exchange credentials are missing', missing);
}

const SECRET_KEY = /(password|passphrase|secret|token|apikey|privatekey)$/i;
const URL_PASSWORD = /(\/\/[^/:@\s]+:)[^@\s]+@/g;

/**
 * A copy of `value` safe to print: `Secret`s, fields named like secrets (`password`, `token`,
 * `apiKey`, ...; not the `*Env` name fields) and passwords inside URLs become `[redacted]`.
 */
export function redact<T>(value: T): T {
  return redactValue(value, '') as T;
}

function redactValue(value: unknown, key: string): unknown {
  if (value instanceof Secret) return REDACTED;
  if (typeof value === 'string') {
    return SECRET_KEY.test(key) ? REDACTED : value.replace(URL_PASSWORD, `$1${REDACTED}@`);
  }
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(value)) out[k] = redactValue(child, k);
    return out;
  }
  return value;
}

function secretFrom(env: NodeJS.ProcessEnv, name: string): Secret | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : new Secret(value);
}
