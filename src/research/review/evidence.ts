import { HOUR_MS } from '../../core/index.js';
import type { JournalDecision, JournalTrade } from '../../journal/index.js';
import { SIGNAL_FAMILIES, SIGNAL_NAMES, type SignalFamily, type SignalName } from '../../signals/index.js';
import { accuracyOf } from './accuracy.js';
import { pnlBreakdown } from './pnl-breakdown.js';
import type { AccuracyStats, PricePoint, ReviewEvidence } from './review.types.js';
import { forwardReturn, samplesOf } from './samples.js';

/** What one review looks at. */
export interface EvidenceInput {
  readonly runId: string;
  readonly decisions: readonly JournalDecision[];
  readonly trades: readonly JournalTrade[];
  /** The run's prices by time (its equity samples' `price` column), sorted by time. */
  readonly prices: readonly PricePoint[];
  /** Review time: the window ends here and no return after it is used. */
  readonly at: number;
  /** Trailing window in days, or null for the whole run (up to `at`). */
  readonly windowDays: number | null;
  readonly horizonHours: number;
}

/**
 * Accuracy of every family and signal, and the PnL of closed trades, over the window (from, at]:
 * decisions whose time is in the window and whose forward return over the horizon is known by `at`;
 * trades that closed in the window.
 */
export function reviewEvidence(input: EvidenceInput): ReviewEvidence {
  const { at, windowDays, horizonHours } = input;
  const from = windowDays === null ? null : at - windowDays * 24 * HOUR_MS;
  const inWindow = (t: number): boolean => t <= at && (from === null || t > from);
  const scored = samplesOf(input.decisions)
    .filter((s) => inWindow(s.time))
    .flatMap((s) => {
      const r = forwardReturn(s, input.prices, horizonHours * HOUR_MS, at);
      return r === undefined ? [] : [{ sample: s, r }];
    });
  const families = {} as Record<SignalFamily, AccuracyStats>;
  for (const f of SIGNAL_FAMILIES) {
    families[f] = accuracyOf(
      scored.map(({ sample, r }) => ({ value: sample.families[f], forwardReturn: r })),
    );
  }
  const signals = {} as Record<SignalName, AccuracyStats>;
  for (const name of SIGNAL_NAMES) {
    signals[name] = accuracyOf(
      scored.map(({ sample, r }) => ({ value: sample.signals[name] ?? null, forwardReturn: r })),
    );
  }
  return {
    runId: input.runId,
    at,
    from,
    horizonHours,
    samples: scored.length,
    families,
    signals,
    pnl: pnlBreakdown(input.trades.filter((t) => inWindow(t.exitTime))),
  };
}
