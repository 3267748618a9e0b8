import { InputError, NmrbotError } from '../../core/index.js';

/** Redis could not be reached or refused us: stop the command and say where. */
export class RedisUnavailableError extends NmrbotError {
  override readonly name = 'RedisUnavailableError';
  readonly code = 'REDIS_UNAVAILABLE';
}

/** `redis://user:secret@host:6379/0` -> `redis://user:***@host:6379/0`: safe to print. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** Checks that `url` is a redis:// or rediss:// URL; the message never holds the password. */
export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(
      `Redis URL "${redactRedisUrl(url)}" is not a URL: expected redis://[user:password@]host:port[/db]`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InputError(
      `Redis URL "${redactRedisUrl(url)}": expected redis:// or rediss://, got ${parsed.protocol}//`,
    );
  }
  if (!parsed.hostname) throw new InputError(`Redis URL "${redactRedisUrl(url)}" has no host`);
  return url;
}

interface Connectable {
  waitUntilReady(): Promise<unknown>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/**
 * Waits until a BullMQ Queue, QueueEvents or Worker is connected. ioredis retries forever, so a wrong
 * host or port would hang: after `timeoutMs` this throws `RedisUnavailableError` with the last error.
 */
export async function connected(what: Connectable, url: string, timeoutMs: number): Promise<void> {
  let lastError: Error | undefined;
  what.on('error', (err) => {
    lastError = err;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([what.waitUntilReady().then(() => 'ready' as const), timeout]);
    if (outcome === 'timeout') {
      throw new RedisUnavailableError(
        `cannot reach Redis at ${redactRedisUrl(url)} within ${timeoutMs} ms` +
          (lastError ? `: ${lastError.message}` : ''),
      );
    }
  } catch (e) {
    if (e instanceof RedisUnavailableError) throw e;
    throw new RedisUnavailableError(
      `cannot use Redis at ${redactRedisUrl(url)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
