import { DAY_MS, HOUR_MS, InputError } from '../../core/index.js';
import type { BacktestReviewer, WeightReviewRecord } from '../../backtest/index.js';
import { type JournalDecision, type JournalTrade, journalTrade } from '../../journal/index.js';
import type { Decision, TradeRecord } from '../../kernel/index.js';
import type { BarEvent } from '../../strategy/index.js';
import { reviewEvidence } from './evidence.js';
import type { FamilyWeights, PricePoint, WeightSettings } from './review.types.js';
import { proposeWeights } from './weights.js';

export interface WeightReplayOptions {
  /** Days between reviews (`journal.review.intervalDays`); the first comes this long after the first bar opens. */
  readonly intervalDays: number;
  /** Forward-return horizon a decision is scored over (`journal.review.horizonHours`). */
  readonly horizonHours: number;
  readonly settings: WeightSettings;
  /** The playbook's default weights (shrinkage pulls toward them). */
  readonly defaults: FamilyWeights;
  /** The weights in force when the run starts (`signals.weights`). */
  readonly initial: FamilyWeights;
  /** Make every proposal the weights the strategy reads from the next bar on (else only propose). */
  readonly apply: boolean;
  /** Names the run in the evidence (the journal run id when the run is journaled). */
  readonly runId?: string;
  /** The holder the strategy reads (made before the strategy); default a new one at `initial`. */
  readonly weights?: AdaptiveWeights;
}

/** The family weights a strategy reads at every decision; the replayed reviews replace them. */
export class AdaptiveWeights {
  #current: FamilyWeights;

  constructor(initial: FamilyWeights) {
    this.#current = initial;
  }

  /** The weights in force now: pass this as the strategy's `weights` source. */
  readonly read = (): FamilyWeights => this.#current;

  set(weights: FamilyWeights): void {
    this.#current = weights;
  }
}

/**
 * The weekly review replayed inside a backtest (docs/review.md, "Inside a backtest"): it watches the
 * run like the journal does, and at the first bar close at or after every `intervalDays` it runs
 * `reviewEvidence` and `proposeWeights` on what the run has produced so far. A decision at t counts
 * only when t + horizon <= the review time, so no review uses a return the bot could not have known;
 * the window, (at - intervalDays - horizon, at], scores every decision in exactly one review.
 */
export class WeightReplay implements BacktestReviewer {
  readonly weights: AdaptiveWeights;
  readonly #o: WeightReplayOptions;
  readonly #intervalMs: number;
  readonly #decisions: JournalDecision[] = [];
  readonly #trades: JournalTrade[] = [];
  readonly #prices: PricePoint[] = [];
  readonly #reviews: WeightReviewRecord[] = [];
  #next: number | undefined;
  #seq = 0;

  constructor(options: WeightReplayOptions) {
    for (const key of ['intervalDays', 'horizonHours'] as const) {
      const v = options[key];
      if (!(v > 0 && Number.isFinite(v))) {
        throw new InputError(`weight replay: ${key} must be a number above 0, got ${String(v)}`);
      }
    }
    this.#o = options;
    this.#intervalMs = options.intervalDays * DAY_MS;
    this.weights = options.weights ?? new AdaptiveWeights(options.initial);
  }

  onDecision(decision: Decision): void {
    if (decision.kind !== 'target') return;
    this.#decisions.push({ ...decision, seq: ++this.#seq });
  }

  onTrade(trade: TradeRecord): void {
    this.#trades.push(journalTrade(trade));
  }

  afterBarClose(bar: BarEvent): void {
    const at = bar.closeTime;
    this.#prices.push({ time: at, price: bar.candle.close });
    this.#next ??= bar.candle.openTime + this.#intervalMs;
    if (at < this.#next) return;
    while (this.#next <= at) this.#next += this.#intervalMs;
    this.#review(at);
    this.#forget(this.#next - this.#intervalMs - this.#o.horizonHours * HOUR_MS);
  }

  reviews(): readonly WeightReviewRecord[] {
    return this.#reviews;
  }

  #review(at: number): void {
    const { horizonHours, intervalDays, settings, defaults, apply } = this.#o;
    const evidence = reviewEvidence({
      runId: this.#o.runId ?? 'backtest',
      decisions: this.#decisions,
      trades: this.#trades,
      prices: this.#prices,
      at,
      windowDays: intervalDays + (horizonHours * HOUR_MS) / DAY_MS,
      horizonHours,
    });
    const current = this.weights.read();
    const proposal = proposeWeights(defaults, current, evidence.families, evidence.samples, settings);
    this.#reviews.push({
      time: at,
      oldWeights: current,
      proposed: proposal.proposed,
      applied: apply,
      samples: evidence.samples,
      evidence: { ...evidence, lambda: proposal.lambda, score: proposal.score, target: proposal.target },
    });
    if (apply) this.weights.set(proposal.proposed);
  }

  /**
   * Drops what no later window can use (every later review is at or after #next, so its window starts
   * after `cutoff`), keeping memory and the work per review bounded by the window. The last price at
   * or before `cutoff` stays: it is the price at any time before the next one.
   */
  #forget(cutoff: number): void {
    dropWhile(this.#decisions, (d) => d.time <= cutoff);
    dropWhile(this.#trades, (t) => t.exitTime <= cutoff);
    const keep = this.#prices.findIndex((p) => p.time > cutoff);
    if (keep > 1) this.#prices.splice(0, keep - 1);
  }
}

/** Removes the leading items that match (the arrays are in time order). */
function dropWhile<T>(items: T[], drop: (item: T) => boolean): void {
  const keep = items.findIndex((item) => !drop(item));
  items.splice(0, keep === -1 ? items.length : keep);
}
