import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../backtest/index.js';
import { EXCHANGE, SYMBOL, type TempStore, exactSpec, tempStore } from '../../backtest/test-helpers.js';
import { DAY_MS, HOUR_MS } from '../../core/index.js';
import { parseConfig } from '../../config/index.js';
import { CandleSeriesBuilder } from '../../data/index.js';
import type { Decision, KernelObserver } from '../../kernel/index.js';
import { SIGNAL_FAMILIES } from '../../signals/index.js';
import {
  type PlantedMarket,
  PLANTED_T0,
  replayOptions,
  runPlanted,
  storePlantedMarket,
} from './replay-fixtures.js';
import type { ReviewEvidence, WeightProposal } from './review.types.js';
import { WeightReplay } from './weight-replay.js';
import { formatWeightPath } from './weight-replay-format.js';

/**
 * The weekly review replayed inside backtests of nmr-playbook on a SYNTHETIC market (hourly random
 * walk; a planted sentiment score that foretells the next 6 h, known at each bar close; no network
 * data). The test config lowers the entry threshold to 0.05 and makes the price family mean reversion
 * only: the review scores the strategy's own decisions, and with the default threshold and momentum in
 * the price family, entries are picked where the price family agrees with sentiment, so price looks
 * predictive at the decisions although it is noise (with the default config its IC was positive in 6
 * of the 7 weeks it was measured, up to 0.75). minSamples is 4 so that λ is the configured 0.5 in
 * every week of this small sample.
 */
const CONFIG = parseConfig({
  signals: { entryThreshold: 0.05, priceWeights: { momentum: 0, meanReversion: 1, funding: 0 } },
  journal: { review: { minSamples: 4 } },
});
const WEEK = 7 * DAY_MS;
const DAYS = 56;

type Evidence = ReviewEvidence & Pick<WeightProposal, 'lambda' | 'score' | 'target'>;
const evidenceOf = (e: unknown): Evidence => e as Evidence;

class TargetRecorder implements KernelObserver {
  readonly targets: Decision[] = [];
  onDecision(d: Decision): void {
    if (d.kind === 'target') this.targets.push(d);
  }
}

describe('weekly review replayed in a backtest (SYNTHETIC planted-sentiment market)', () => {
  let t: TempStore;
  let market: PlantedMarket;
  beforeAll(() => {
    t = tempStore();
    market = storePlantedMarket(t.store, DAYS, 1);
  });
  afterAll(() => t.cleanup());

  const replayRun = (weeks: number) => {
    const replay = new WeightReplay(replayOptions(CONFIG));
    const result = runPlanted(t.store, market, CONFIG, PLANTED_T0 + weeks * WEEK, replay);
    return { replay, result, reviews: result.weightReviews ?? [] };
  };

  it('SYNTHETIC: reviews at every 7 days of simulated time, at the bar close reaching it', () => {
    const { reviews } = replayRun(3);
    expect(reviews.map((r) => r.time)).toEqual([1, 2, 3].map((k) => PLANTED_T0 + k * WEEK));
  });

  it('SYNTHETIC, no look-ahead: the reviews up to T are the same whether the run stops at T or goes on 3 more weeks', () => {
    const long = replayRun(8).reviews;
    for (const weeks of [1, 2, 3, 5]) {
      const T = PLANTED_T0 + weeks * WEEK;
      const short = replayRun(weeks).reviews;
      expect(short.at(-1)?.time, `the short run's last review is at T (week ${weeks})`).toBe(T);
      expect(short, `reviews up to week ${weeks}`).toEqual(long.filter((r) => r.time <= T));
    }
  });

  it('SYNTHETIC, no look-ahead: a review at T scores exactly the decisions in (T - 7 d - 6 h, T - 6 h]', () => {
    const recorder = new TargetRecorder();
    const replay = new WeightReplay(replayOptions(CONFIG));
    const r = runPlanted(t.store, market, CONFIG, PLANTED_T0 + 4 * WEEK, replay, recorder);
    const horizon = 6 * HOUR_MS;
    let pending = 0;
    for (const review of r.weightReviews ?? []) {
      const T = review.time;
      const scored = recorder.targets.filter((d) => d.time > T - WEEK - horizon && d.time <= T - horizon);
      expect(scored.length).toBeGreaterThan(0);
      expect(review.samples, `review at ${new Date(T).toISOString()}`).toBe(scored.length);
      pending += recorder.targets.filter((d) => d.time > T - horizon && d.time <= T).length;
    }
    expect(pending, 'some decisions were made less than 6 h before a review (and left out)').toBeGreaterThan(
      0,
    );
  });

  it("SYNTHETIC planted signal: sentiment's weight rises by exactly maxStep a week to its shrunk target 0.45, network (no data) stays 0.35", () => {
    const { result, reviews } = replayRun(8);
    const fixed = runPlanted(t.store, market, CONFIG, PLANTED_T0 + 8 * WEEK);
    console.log(
      `[SYNTHETIC] planted-sentiment market, ${DAYS} days of 1h bars, nmr-playbook (threshold 0.05, price = mean reversion):\n` +
        `  adaptive weights: return ${(result.metrics.totalReturn * 100).toFixed(2)}%, ${result.metrics.trades} trades\n` +
        `  fixed weights:    return ${(fixed.metrics.totalReturn * 100).toFixed(2)}%, ${fixed.metrics.trades} trades\n` +
        formatWeightPath(CONFIG.signals.weights, reviews),
    );
    expect(reviews).toHaveLength(8);
    let s = 0.25;
    for (const [k, review] of reviews.entries()) {
      const e = evidenceOf(review.evidence);
      const label = `review ${k + 1}`;
      expect(e.families.sentiment.ic, `${label}: the planted predictor`).toBeCloseTo(1, 12);
      expect(e.score.network, `${label}: network has no data`).toBeNull();
      expect(review.samples, `${label}: enough samples for λ = 0.5`).toBeGreaterThanOrEqual(4);
      expect(e.lambda).toBe(0.5);
      // Hand-worked: network keeps its 0.35 and price and sentiment share 0.65 in proportion to
      // max(score, 0), sentiment's score being 1: target s = 0.65 / (1 + p+); shrunk halfway to 0.25;
      // then moved at most 0.05 from the current weight.
      const p = Math.max(e.score.price ?? 0, 0);
      const shrunk = 0.5 * (0.65 / (1 + p)) + 0.5 * 0.25;
      s = Math.min(s + 0.05, Math.max(s - 0.05, shrunk));
      expect(review.proposed.sentiment, label).toBeCloseTo(s, 12);
      expect(review.proposed.network, label).toBeCloseTo(0.35, 12);
      expect(review.proposed.price, label).toBeCloseTo(0.65 - s, 12);
    }
    // The path this seed gives: four binding steps up, then the shrunk target itself while price's
    // score is <= 0 (weeks 2 to 7: target 0 / 0.35 / 0.65, halfway to the defaults).
    expect(reviews.slice(0, 7).map((r) => Number(r.proposed.sentiment.toFixed(12)))).toEqual([
      0.3, 0.35, 0.4, 0.45, 0.45, 0.45, 0.45,
    ]);
    for (const r of reviews.slice(1, 7)) expect(evidenceOf(r.evidence).score.price).toBeLessThanOrEqual(0);
    expect(result.synthetic).toBe(true);
  });

  it('SYNTHETIC: without apply the reviews only propose, and the run trades as with fixed weights', () => {
    const replay = new WeightReplay(replayOptions(CONFIG, { apply: false }));
    const r = runPlanted(t.store, market, CONFIG, PLANTED_T0 + 3 * WEEK, replay);
    const fixed = runPlanted(t.store, market, CONFIG, PLANTED_T0 + 3 * WEEK);
    expect(r.trades).toEqual(fixed.trades);
    expect((r.weightReviews ?? []).map((w) => [w.applied, w.oldWeights])).toEqual(
      [1, 2, 3].map(() => [false, CONFIG.signals.weights]),
    );
    expect(r.weightReviews?.[0]?.proposed.sentiment).toBeCloseTo(0.3, 12);
  });

  it('SYNTHETIC: every applied change is non-negative, sums to 1, moves each family at most maxStep, and chains', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.double({ min: 0.005, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 12 }),
        (seed, maxStep, shrinkage, minSamples, intervalDays, horizonHours) => {
          const local = tempStore();
          try {
            const m = storePlantedMarket(local.store, 21, seed);
            const replay = new WeightReplay(
              replayOptions(CONFIG, {
                settings: { maxStep, shrinkage, minSamples },
                intervalDays,
                horizonHours,
              }),
            );
            const r = runPlanted(local.store, m, CONFIG, PLANTED_T0 + 21 * DAY_MS, replay);
            const reviews = r.weightReviews ?? [];
            expect(reviews).toHaveLength(Math.floor(21 / intervalDays));
            let previous = CONFIG.signals.weights;
            for (const review of reviews) {
              expect(review.oldWeights).toEqual(previous);
              let sum = 0;
              for (const f of SIGNAL_FAMILIES) {
                const w = review.proposed[f];
                sum += w;
                expect(w).toBeGreaterThanOrEqual(0);
                expect(Math.abs(w - review.oldWeights[f])).toBeLessThanOrEqual(maxStep + 1e-12);
              }
              expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-12);
              previous = review.proposed;
            }
            expect(replay.weights.read()).toEqual(previous);
          } finally {
            local.cleanup();
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('review schedule over a gap in the bars (SYNTHETIC flat bars)', () => {
  it('SYNTHETIC: a review due inside a gap runs at the first close after it; the next stays on the 7-day grid', () => {
    const t = tempStore();
    try {
      // Hourly flat bars from T0, none between day 6.5 and day 8 (opens), 16 days in all.
      const b = new CandleSeriesBuilder('1h');
      for (let h = 0; h < 16 * 24; h++) {
        if (h >= 6.5 * 24 && h < 8 * 24) continue;
        b.push(PLANTED_T0 + h * HOUR_MS, 10, 10, 10, 10, 1e6);
      }
      t.store.upsertCandles(
        { exchange: EXCHANGE, symbol: SYMBOL, kind: 'candles', timeframe: '1h' },
        b.build(),
        {
          synthetic: true,
          source: 'SYNTHETIC flat bars with a gap (review schedule test)',
        },
      );
      const replay = new WeightReplay(replayOptions(CONFIG));
      const r = runBacktest(t.store, {
        ...exactSpec({ timeframe: '1h' }),
        strategy: { name: 'idle' },
        reviewer: replay,
      });
      expect((r.weightReviews ?? []).map((w) => (w.time - PLANTED_T0) / HOUR_MS)).toEqual([
        8 * 24 + 1,
        14 * 24,
      ]);
    } finally {
      t.cleanup();
    }
  });
});
