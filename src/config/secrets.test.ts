import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { parseConfig } from './parse.js';
import { Secret, redact, requireExchangeCredentials, resolveSecrets } from './secrets.js';

const config = parseConfig({ exchange: { apiKeyEnv: 'TEST_KEY', secretEnv: 'TEST_SECRET' } });

describe('resolveSecrets', () => {
  it('reads the variables the config names and treats empty ones as unset', () => {
    const secrets = resolveSecrets(config, { TEST_KEY: 'k-123', TEST_SECRET: '', NMRBOT_API_TOKEN: 't' });
    expect(secrets.apiKey?.reveal()).toBe('k-123');
    expect(secrets.apiSecret).toBeUndefined();
    expect(secrets.serverToken?.reveal()).toBe('t');
  });
});

describe('requireExchangeCredentials', () => {
  it('names each missing variable by its config field', () => {
    let error: unknown;
    try {
      requireExchangeCredentials(config, { TEST_KEY: 'k' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      'exchange.secretEnv: environment variable TEST_SECRET is not set',
    ]);
  });

  it('returns both credentials when set', () => {
    const { apiKey, apiSecret } = requireExchangeCredentials(config, { TEST_KEY: 'k', TEST_SECRET: 's' });
    expect([apiKey.reveal(), apiSecret.reveal()]).toEqual(['k', 's']);
  });
});

describe('Secret', () => {
  it('never shows its value in strings, JSON or inspect output', () => {
    const secret = new Secret('hunter2');
    const shown = [String(secret), JSON.stringify({ secret }), inspect({ secret })].join(' ');
    expect(shown).not.toContain('hunter2');
    expect(shown).toContain('[redacted]');
  });
});

describe('redact', () => {
  it('masks URL passwords, secret-named fields and Secret values but keeps env var names', () => {
    const value = {
      journal: { url: 'postgres://bot:s3cret@db:5432/nmrbot' },
      exchange: { apiKeyEnv: 'NMRBOT_API_KEY', apiKey: 'abc', password: 'p' },
      token: new Secret('t'),
    };
    expect(redact(value)).toEqual({
      journal: { url: 'postgres://bot:[redacted]@db:5432/nmrbot' },
      exchange: { apiKeyEnv: 'NMRBOT_API_KEY', apiKey: '[redacted]', password: '[redacted]' },
      token: '[redacted]',
    });
  });

  it('leaves the input untouched', () => {
    const value = { url: 'postgres://u:p@h/db' };
    redact(value);
    expect(value.url).toBe('postgres://u:p@h/db');
  });
});
