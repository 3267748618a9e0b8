import { defaultConfig, type NmrbotConfig } from '../../config/index.js';
import type { MarketStore } from '../../data/index.js';
import { SqliteWeightChangeStore, type WeightChangeStore } from '../../journal/index.js';
import { AdaptiveWeights, WeightReplay, journalWeightReviews } from '../../research/review/index.js';

/** The `current_weights` scope paper sessions read and write (the live bot's is `default`). */
export const PAPER_WEIGHTS_SCOPE = 'paper';

/**
 * The weekly review inside a paper session: it starts from the scope's current weights (those the last
 * applied review left, else `signals.weights`), reviews every `journal.review.intervalDays` of market
 * time, applies a proposal only with `journal.review.autoApply`, and journals every review as it happens.
 */
export class PaperWeights {
  readonly weights: AdaptiveWeights;
  readonly replay: WeightReplay;
  readonly #store: WeightChangeStore;
  readonly #runId: string;
  readonly #scope: string;
  #journaled = 0;

  private constructor(
    store: WeightChangeStore,
    replay: WeightReplay,
    weights: AdaptiveWeights,
    runId: string,
    scope: string,
  ) {
    this.#store = store;
    this.replay = replay;
    this.weights = weights;
    this.#runId = runId;
    this.#scope = scope;
  }

  static async open(
    market: MarketStore,
    config: NmrbotConfig,
    runId: string,
    scope = PAPER_WEIGHTS_SCOPE,
    /** Where weight changes are journaled (`journal.url`); default the market store's database. */
    changes?: WeightChangeStore,
  ): Promise<PaperWeights> {
    const store = changes ?? new SqliteWeightChangeStore(market.db);
    const current = await store.currentWeights(scope);
    const weights = new AdaptiveWeights(current?.weights ?? config.signals.weights);
    const review = config.journal.review;
    const replay = new WeightReplay({
      intervalDays: review.intervalDays,
      horizonHours: review.horizonHours,
      settings: { shrinkage: review.shrinkage, maxStep: review.maxWeightStep, minSamples: review.minSamples },
      defaults: defaultConfig().signals.weights,
      initial: weights.read(),
      apply: review.autoApply,
      runId,
      weights,
    });
    return new PaperWeights(store, replay, weights, runId, scope);
  }

  /** Journals the reviews made since the last call; returns them. */
  async journalNew(): Promise<number> {
    const fresh = this.replay.reviews().slice(this.#journaled);
    if (fresh.length === 0) return 0;
    this.#journaled += fresh.length;
    await journalWeightReviews(this.#store, this.#runId, fresh, this.#scope);
    return fresh.length;
  }
}
