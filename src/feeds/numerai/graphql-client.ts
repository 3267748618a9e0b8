import {
  type Clock,
  InputError,
  VenueRejectedError,
  VenueTemporaryError,
  WallClock,
} from '../../core/index.js';
import type { NumeraiOperation } from './queries.js';
import { backoffDelay, parseRetryAfter, sleep } from './retry.js';
import { parseAnswer, unknownField, unknownFieldError } from './schema-drift.js';

export const NUMERAI_USER_AGENT = 'nmrbot/0.1.0 (numerai feed; public reads)';

export interface NumeraiClientOptions {
  /** GraphQL endpoint, e.g. https://api-tournament.numer.ai. */
  readonly url: string;
  readonly timeoutMs: number;
  /** Retries after a retryable failure (attempts = retries + 1). */
  readonly retries: number;
  /** First backoff delay, ms. */
  readonly backoffMs: number;
  readonly userAgent?: string;
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told before each wait between attempts. */
  readonly onRetry?: (retry: { rootField: string; attempt: number; delayMs: number; reason: string }) => void;
}

interface Envelope {
  readonly data?: unknown;
  readonly errors?: readonly { readonly message?: unknown }[];
}

type Attempt =
  | { readonly kind: 'answer'; readonly status: number; readonly envelope: Envelope }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'fail'; readonly error: Error };

const snippet = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
};

function asEnvelope(body: unknown): Envelope | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { errors } = body as { errors?: unknown };
  if (errors !== undefined && errors !== null && !Array.isArray(errors)) return undefined;
  return body;
}

function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = err instanceof Error ? (err.cause as { message?: unknown } | undefined) : undefined;
  if (typeof cause?.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

const messagesOf = (errors: Envelope['errors']): string[] =>
  (errors ?? []).map((e) => (typeof e.message === 'string' ? e.message : JSON.stringify(e)));

/**
 * POSTs GraphQL operations to Numerai over fetch. 5xx, 429, timeouts and network errors are retried
 * with jittered exponential backoff; other 4xx and `{errors}` answers are not. `{errors}` at HTTP 200
 * become a VenueRejectedError naming the query; a field the API no longer has, or an answer that does
 * not match the schema, an InputError naming the field (schema drift).
 */
export class NumeraiClient {
  readonly #options: NumeraiClientOptions;
  readonly #host: string;
  readonly #clock: Clock;
  /** Optional fields the API turned out not to know, per root field; left out of later queries. */
  readonly #dropped = new Map<string, Set<string>>();

  constructor(options: NumeraiClientOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new InputError(`numerai: "${options.url}" is not a URL (feeds.numerai.url or --base-url)`);
    }
    this.#options = options;
    this.#host = url.host;
    this.#clock = options.clock ?? new WallClock();
  }

  /** Optional fields of `rootField`'s query the API does not know (and that are no longer asked). */
  droppedFields(rootField: string): readonly string[] {
    return [...(this.#dropped.get(rootField) ?? [])];
  }

  async request<T>(op: NumeraiOperation<T>, variables: Readonly<Record<string, unknown>>): Promise<T> {
    const dropped = this.#dropped.get(op.rootField) ?? new Set<string>();
    const query = [...dropped].reduce((q, f) => q.replace(new RegExp(`\\s+${f}\\b`, 'g'), ''), op.query);
    const { status, envelope } = await this.#post(op.rootField, JSON.stringify({ query, variables }));
    const messages = messagesOf(envelope.errors);
    if (messages.length > 0) {
      const unknown = messages.map(unknownField).filter((u) => u !== undefined);
      const droppable = unknown.filter((u) => op.optionalFields?.includes(u.field) && !dropped.has(u.field));
      if (unknown.length > 0 && droppable.length === unknown.length) {
        this.#dropped.set(op.rootField, new Set([...dropped, ...droppable.map((u) => u.field)]));
        return this.request(op, variables);
      }
      const first = unknown.find((u) => !droppable.includes(u));
      if (first) throw unknownFieldError(op.rootField, first.field, first.type, messages.join('; '));
      const http = status === 200 ? '' : ` (HTTP ${status})`;
      throw new VenueRejectedError(
        `numerai ${op.rootField}: the API answered with errors${http}: ${messages.join('; ')}`,
      );
    }
    return parseAnswer(op.rootField, op.schema, envelope.data);
  }

  async #post(rootField: string, body: string): Promise<{ status: number; envelope: Envelope }> {
    const { retries, backoffMs } = this.#options;
    const wait = this.#options.sleep ?? sleep;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(rootField, body);
      if (outcome.kind === 'answer') return outcome;
      if (outcome.kind === 'fail') throw outcome.error;
      if (attempt > retries) {
        throw new VenueTemporaryError(
          `numerai: ${this.#host} unreachable after ${attempt} attempts: ${outcome.reason} (query ${rootField})`,
        );
      }
      const delayMs = backoffDelay(
        attempt - 1,
        backoffMs,
        this.#options.random ?? Math.random,
        outcome.retryAfterMs,
      );
      this.#options.onRetry?.({ rootField, attempt, delayMs, reason: outcome.reason });
      await wait(delayMs);
    }
  }

  async #attempt(rootField: string, body: string): Promise<Attempt> {
    const { url, timeoutMs } = this.#options;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'user-agent': this.#options.userAgent ?? NUMERAI_USER_AGENT,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      return { kind: 'retry', reason: networkReason(err, timeoutMs) };
    }
    if (status === 429 || status >= 500) {
      return {
        kind: 'retry',
        reason: `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`,
        retryAfterMs: parseRetryAfter(retryAfter, this.#clock.now()),
      };
    }
    let envelope: Envelope | undefined;
    try {
      envelope = asEnvelope(JSON.parse(text));
    } catch {
      envelope = undefined;
    }
    if (envelope && (status === 200 || (envelope.errors?.length ?? 0) > 0))
      return { kind: 'answer', status, envelope };
    if (status >= 300) {
      return {
        kind: 'fail',
        error: new VenueRejectedError(`numerai ${rootField}: HTTP ${status}: ${snippet(text)}`),
      };
    }
    return {
      kind: 'fail',
      error: new InputError(
        `numerai ${rootField}: the answer (HTTP ${status}) is not a GraphQL response: ${snippet(text)}`,
      ),
    };
  }
}
