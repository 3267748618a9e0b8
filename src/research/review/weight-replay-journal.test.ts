import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempStore, tempStore } from '../../backtest/test-helpers.js';
import { DAY_MS } from '../../core/index.js';
import { parseConfig } from '../../config/index.js';
import { JournalWriter, SqliteTradeStore, SqliteWeightChangeStore } from '../../journal/index.js';
import { PLANTED_T0, replayOptions, runPlanted, storePlantedMarket } from './replay-fixtures.js';
import { reviewEvidence } from './evidence.js';
import { WeightReplay } from './weight-replay.js';
import { journalWeightReviews, replayWeightsScope } from './weight-replay-journal.js';

const CONFIG = parseConfig({
  signals: { entryThreshold: 0.05, priceWeights: { momentum: 0, meanReversion: 1, funding: 0 } },
  journal: { review: { minSamples: 4 } },
});

describe('journaling the reviews replayed in a backtest (SYNTHETIC planted-sentiment market)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it("SYNTHETIC: writes one weight_changes row per review with its evidence, and the applied weights under the run's own scope, never the live bot's", async () => {
    const market = storePlantedMarket(t.store, 21, 1);
    const trades = new SqliteTradeStore(t.store.db);
    const journal = new JournalWriter(trades);
    const runId = await journal.startRun({
      kind: 'backtest',
      strategy: 'nmr-playbook',
      exchange: 'testex',
      symbol: 'NMR/USDT:USDT',
      timeframe: '1h',
      synthetic: true,
    });
    const replay = new WeightReplay(replayOptions(CONFIG, { runId }));
    const result = runPlanted(t.store, market, CONFIG, PLANTED_T0 + 21 * DAY_MS, replay, journal);
    await journal.finishRun(result);
    const changes = new SqliteWeightChangeStore(t.store.db);
    const reviews = result.weightReviews ?? [];
    const ids = await journalWeightReviews(changes, runId, reviews);

    expect(ids).toEqual([1, 2, 3]);
    const rows = await changes.weightChanges();
    expect(rows.map((r) => [r.time, r.runId, r.oldWeights, r.proposed, r.applied])).toEqual(
      reviews.map((r) => [r.time, runId, r.oldWeights, r.proposed, true]),
    );
    expect(rows[0]?.evidence).toMatchObject({ runId, samples: reviews[0]?.samples, lambda: 0.5 });
    expect(await changes.currentWeights(), "the live bot's scope is untouched").toBeUndefined();
    expect((await changes.currentWeights(replayWeightsScope(runId)))?.weights).toEqual(reviews[2]?.proposed);
    // The same review computed from the journal afterwards (as `nmrbot review --at` would, over the
    // replay's window) gives the evidence the replay had during the run, once the trades closed at the
    // open at T are left out: the replay runs between the close at T and that open.
    const [decisions, journaled, equity] = await Promise.all([
      trades.decisions(runId),
      trades.trades(runId),
      trades.equity(runId),
    ]);
    expect(equity).toHaveLength(21 * 24);
    const prices = equity.map((e) => ({ time: e.time, price: e.price }));
    for (const review of reviews) {
      const { lambda: _l, score: _s, target: _t, ...during } = review.evidence as Record<string, unknown>;
      const after = reviewEvidence({
        runId,
        decisions,
        trades: journaled.filter((tr) => tr.exitTime < review.time),
        prices,
        at: review.time,
        windowDays: 7.25,
        horizonHours: 6,
      });
      expect(after).toEqual(during);
    }
  });
});
