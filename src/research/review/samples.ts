import type { JournalDecision } from '../../journal/index.js';
import { SIGNAL_FAMILIES, SIGNAL_NAMES, type SignalFamily, type SignalName } from '../../signals/index.js';
import type { PricePoint, ReviewSample } from './review.types.js';

/**
 * The decisions a review can score: `target` decisions whose `detail.snapshot` carries the families'
 * values (the playbook's `PlaybookDecisionSnapshot`). Others (orders, cancels, strategies without a
 * snapshot, malformed rows) are skipped; a family or signal missing from a snapshot reads as null.
 */
export function samplesOf(decisions: readonly JournalDecision[]): ReviewSample[] {
  const out: ReviewSample[] = [];
  for (const d of decisions) {
    if (d.kind !== 'target') continue;
    const snapshot = field(d.detail, 'snapshot');
    const families = field(snapshot, 'families');
    if (families === undefined) continue;
    const familyValues = {} as Record<SignalFamily, number | null>;
    for (const f of SIGNAL_FAMILIES) familyValues[f] = numberOrNull(field(field(families, f), 'value'));
    const signals: Partial<Record<SignalName, number | null>> = {};
    const readings = field(snapshot, 'signals');
    if (Array.isArray(readings)) {
      for (const r of readings as unknown[]) {
        const name = field(r, 'name');
        if (typeof name === 'string' && (SIGNAL_NAMES as readonly string[]).includes(name)) {
          signals[name as SignalName] = numberOrNull(field(r, 'value'));
        }
      }
    }
    out.push({ time: d.time, price: d.price, families: familyValues, signals });
  }
  return out;
}

/** The price at `time`: the latest point at or before it (points sorted by time), else undefined. */
export function priceAt(points: readonly PricePoint[], time: number): number | undefined {
  let lo = 0;
  let hi = points.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = points[mid];
    if (p === undefined) break;
    if (p.time <= time) {
      found = p.price;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Forward return of a sample over `horizonMs`: price(t + h) / price(t) - 1, where price(t) is the
 * decision's own price when known and price(t + h) the latest point at or before t + h. Undefined when
 * t + h is after `knownUntil` (not known at review time) or after the last point, or a price is missing.
 */
export function forwardReturn(
  sample: ReviewSample,
  points: readonly PricePoint[],
  horizonMs: number,
  knownUntil: number,
): number | undefined {
  const end = sample.time + horizonMs;
  const last = points[points.length - 1];
  if (end > knownUntil || last === undefined || end > last.time) return undefined;
  const start =
    Number.isFinite(sample.price) && sample.price > 0 ? sample.price : priceAt(points, sample.time);
  const later = priceAt(points, end);
  if (start === undefined || later === undefined || !(start > 0) || !Number.isFinite(later)) return undefined;
  return later / start - 1;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
