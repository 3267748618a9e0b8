import { createHash } from 'node:crypto';
import { type ClientOrderId, type EpochMs, InputError } from '../core/index.js';

/** Binance's rule for `newClientOrderId` (and bybit's `orderLinkId` fits inside it). */
export const CLIENT_ORDER_ID_PATTERN = /^[.A-Z:/a-z0-9_-]{1,36}$/;
export const MAX_CLIENT_ORDER_ID_LENGTH = 36;
/** Every id nmrbot sends starts with this, so reconciliation can tell its orders from manual ones. */
export const CLIENT_ORDER_ID_PREFIX = 'nb';

/** What makes a decision unique: the run, its decision time and its place among that instant's orders. */
export interface DecisionKey {
  readonly runId: string;
  readonly decisionTime: EpochMs;
  /** 0 for the first order decided at `decisionTime`, 1 for the second, ... */
  readonly sequence: number;
  /** Why the order exists (`entry`, `stop_loss`, ...); shortened to fit, for humans only. */
  readonly tag?: string | undefined;
}

/** First 6 hex digits of the SHA-256 of the run id (check: `printf %s <runId> | sha256sum`). */
export function runKey(runId: string): string {
  if (runId === '') throw new InputError('client order id: runId is empty');
  return createHash('sha256').update(runId).digest('hex').slice(0, 6);
}

/**
 * `nb<run key>-<decision time base36>-<sequence base36>[-<tag>]`, at most 36 characters of
 * `[.A-Z:/a-z0-9_-]`. The same decision always gives the same id, so after a restart a repeated
 * decision finds its order on the exchange instead of placing a second one.
 */
export function deriveClientOrderId(key: DecisionKey): ClientOrderId {
  const { decisionTime, sequence } = key;
  if (!Number.isSafeInteger(decisionTime) || decisionTime < 0)
    throw new InputError(`client order id: decisionTime must be a non-negative integer, got ${decisionTime}`);
  if (!Number.isSafeInteger(sequence) || sequence < 0)
    throw new InputError(`client order id: sequence must be a non-negative integer, got ${sequence}`);
  const stem = `${CLIENT_ORDER_ID_PREFIX}${runKey(key.runId)}-${decisionTime.toString(36)}-${sequence.toString(36)}`;
  const room = MAX_CLIENT_ORDER_ID_LENGTH - stem.length - 1;
  const tag = (key.tag ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, Math.max(0, room));
  const id = tag === '' ? stem : `${stem}-${tag}`;
  assertClientOrderId(id);
  return id as ClientOrderId;
}

/** Parts of an id made by {@link deriveClientOrderId}; undefined for any other id (manual orders). */
export function parseClientOrderId(
  id: string,
): { runKey: string; decisionTime: EpochMs; sequence: number; tag: string | undefined } | undefined {
  const m = /^nb([0-9a-f]{6})-([0-9a-z]+)-([0-9a-z]+)(?:-([a-z0-9_]+))?$/.exec(id);
  if (!m) return undefined;
  return {
    runKey: m[1] as string,
    decisionTime: parseInt(m[2] as string, 36) as EpochMs,
    sequence: parseInt(m[3] as string, 36),
    tag: m[4],
  };
}

export function assertClientOrderId(id: string): void {
  if (!CLIENT_ORDER_ID_PATTERN.test(id))
    throw new InputError(
      `client order id "${id}" breaks the venue rule: 1 to ${MAX_CLIENT_ORDER_ID_LENGTH} characters of [.A-Z:/a-z0-9_-] (it has ${id.length})`,
    );
}

/**
 * Numbers the orders decided at one instant: 0, 1, 2 ... per decision time. The kernel is
 * deterministic, so a replay of the same events numbers them the same way.
 */
export class DecisionSequencer {
  readonly #counts = new Map<number, number>();
  readonly #limit: number;
  constructor(rememberedInstants = 1024) {
    this.#limit = rememberedInstants;
  }
  next(decisionTime: EpochMs): number {
    const n = this.#counts.get(decisionTime) ?? 0;
    this.#counts.delete(decisionTime);
    this.#counts.set(decisionTime, n + 1);
    if (this.#counts.size > this.#limit) {
      const oldest = this.#counts.keys().next().value;
      if (oldest !== undefined) this.#counts.delete(oldest);
    }
    return n;
  }
}
