import {
  type Clock,
  InputError,
  VenueRejectedError,
  VenueTemporaryError,
  WallClock,
} from '../../../core/index.js';
import { HostLimiter } from './host-limiter.js';
import { MAX_RETRY_AFTER_MS, backoffDelay, parseRetryAfter, realSleep } from './retry.js';

export interface PoliteClientOptions {
  /** Sent with every request (Reddit wants `<platform>:<app id>:<version> (by /u/<name>)`). */
  readonly userAgent: string;
  readonly timeoutMs: number;
  /** Retries after a 5xx, 429, timeout or network error (attempts = retries + 1). */
  readonly retries: number;
  /** First backoff delay, ms. */
  readonly backoffMs: number;
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told before each wait between attempts (the URL with secrets masked). */
  readonly onRetry?: (retry: { what: string; attempt: number; delayMs: number; reason: string }) => void;
}

type Attempt =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'fail'; readonly error: Error };

const QUERY_SECRETS = /([?&](?:auth_token|token|api_key|apikey|key|access_token)=)[^&#\s]*/gi;

/** A URL safe to print: secret-looking query parameters (`auth_token=...`) masked. */
export const maskUrl = (url: string): string => url.replace(QUERY_SECRETS, '$1[redacted]');

const snippet = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
};

function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = err instanceof Error ? (err.cause as { message?: unknown } | undefined) : undefined;
  if (typeof cause?.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * A polite GET client for public web APIs: one User-Agent, a per-host request spacing, timeouts,
 * and jittered exponential backoff on 429/5xx/network errors that honours Retry-After (and Reddit's
 * `x-ratelimit-reset` when its budget runs out). Secret values handed to `addSecret` never appear
 * in an error or retry message, nor does any `auth_token=` query value.
 */
export class PoliteHttpClient {
  readonly #options: PoliteClientOptions;
  readonly #clock: Clock;
  readonly #limiter: HostLimiter;
  readonly #secrets: string[] = [];

  constructor(options: PoliteClientOptions) {
    this.#options = options;
    this.#clock = options.clock ?? new WallClock();
    this.#limiter = new HostLimiter(this.#clock, options.sleep ?? realSleep);
  }

  /** Least spacing of requests to `url`'s host, ms (the largest set wins). */
  setMinInterval(url: string, ms: number): void {
    this.#limiter.setMinInterval(new URL(url).host, ms);
  }

  /** A value (a token) to scrub from every message this client produces. */
  addSecret(value: string): void {
    if (value !== '') this.#secrets.push(value);
  }

  /** Scrubs the registered secrets and secret query values out of `text`. */
  scrub(text: string): string {
    return this.#secrets.reduce((t, s) => t.split(s).join('[redacted]'), maskUrl(text));
  }

  /** GETs `url` and parses the answer as JSON; `what` names the source in errors (`reddit r/numerai new`). */
  async getJson(url: string, what: string): Promise<unknown> {
    const text = await this.getText(url, what, 'application/json');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new InputError(this.scrub(`${what}: the answer is not JSON: ${snippet(text)}`));
    }
  }

  /** GETs `url` and returns the body of a 2xx answer. */
  async getText(url: string, what: string, accept: string): Promise<string> {
    const { retries, backoffMs } = this.#options;
    const host = new URL(url).host;
    for (let attempt = 1; ; attempt++) {
      await this.#limiter.acquire(host);
      const outcome = await this.#attempt(url, host, what, accept);
      if (outcome.kind === 'ok') return outcome.text;
      if (outcome.kind === 'fail') throw outcome.error;
      const reason = this.scrub(outcome.reason);
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > MAX_RETRY_AFTER_MS) {
        throw new VenueTemporaryError(
          `${what}: ${host} asks to wait ${Math.round(outcome.retryAfterMs / 1000)} s (${reason}); try again later`,
        );
      }
      if (attempt > retries) {
        throw new VenueTemporaryError(`${what}: ${host} unreachable after ${attempt} attempts: ${reason}`);
      }
      const delayMs = backoffDelay(
        attempt - 1,
        backoffMs,
        this.#options.random ?? Math.random,
        outcome.retryAfterMs,
      );
      // The wait happens in the limiter, so other requests to the host wait too.
      this.#limiter.holdUntil(host, this.#clock.now() + delayMs);
      this.#options.onRetry?.({ what, attempt, delayMs, reason });
    }
  }

  async #attempt(url: string, host: string, what: string, accept: string): Promise<Attempt> {
    const { timeoutMs, userAgent } = this.#options;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        headers: { accept, 'user-agent': userAgent },
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      return { kind: 'retry', reason: networkReason(err, timeoutMs) };
    }
    this.#noteBudget(host, res.headers);
    const status = res.status;
    if (status === 429 || status >= 500) {
      return {
        kind: 'retry',
        reason: `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), this.#clock.now()),
      };
    }
    if (status < 200 || status >= 300) {
      const error = new VenueRejectedError(
        this.scrub(`${what}: HTTP ${status} from ${maskUrl(url)}: ${snippet(text)}`),
      );
      return { kind: 'fail', error };
    }
    return { kind: 'ok', text };
  }

  /** Reddit's rate-limit headers: with no requests left, hold the host until the window resets. */
  #noteBudget(host: string, headers: Headers): void {
    const remaining = Number(headers.get('x-ratelimit-remaining') ?? NaN);
    const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
    if (Number.isFinite(remaining) && remaining < 1 && Number.isFinite(reset) && reset >= 0) {
      this.#limiter.holdUntil(host, this.#clock.now() + Math.min(reset * 1000, MAX_RETRY_AFTER_MS));
    }
  }
}
