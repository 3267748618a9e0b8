import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, type EpochMs } from '../../core/index.js';
import { CandleSeries, SynthRandom } from '../../data/index.js';
import { at, datum, funding, smallSignalsConfig, T0 } from '../../signals/playbook/test-fixtures.js';
import type { DataEvent, FundingRateEvent } from '../../strategy/index.js';
import { buildDataset, labelledRows, type DatasetOptions } from './dataset.js';
import { featureNames } from './features.js';
import { roundTripCost } from './labels.js';

function hourSeries(closes: readonly number[]): CandleSeries {
  return CandleSeries.fromCandles(
    '1h',
    closes.map((close, i) => ({ openTime: at(i), open: close, high: close, low: close, close, volume: 1 })),
  );
}

/** 120 one-hour bars of a random walk, a settlement every 8 h and a sentiment score every 5 h. */
function market(seed: number): { closes: number[]; funding: FundingRateEvent[]; data: DataEvent[] } {
  const rng = new SynthRandom(seed);
  const closes: number[] = [];
  let price = 10;
  for (let i = 0; i < 120; i++) closes.push((price *= Math.exp(0.01 * rng.normal())));
  const settlements = Array.from({ length: 15 }, (_, k) => funding(8 * k + 8, 0.001 * rng.normal()));
  const data = Array.from({ length: 24 }, (_, k) =>
    datum('sentiment', 'sentiment_score', rng.uniform() * 2 - 1, 5 * k + 3),
  );
  return { closes, funding: settlements, data };
}

const base = (closes: readonly number[]): DatasetOptions => ({
  bars: hourSeries(closes),
  signals: smallSignalsConfig(),
  horizonBars: 2,
  cost: 0.002,
});

describe('buildDataset', () => {
  it('labels the net forward move and leaves the last horizon bars unlabelled (hand-worked)', () => {
    // h = 1, cost 0.002: ln(102/100) = +0.0198 -> long pays; ln(101/102) = -0.0099 -> short pays;
    // ln(101.05/101) = +0.0005 inside the cost -> 0; the last bar has no next close.
    const ds = buildDataset({ ...base([100, 102, 101, 101.05]), horizonBars: 1, skipWarmUp: false });
    expect(ds.samples.map((s) => s.label && [s.label.direction, s.label.label])).toEqual([
      [1, 1],
      [-1, 0],
      [0, 0],
      null,
    ]);
    expect(ds.samples[0]?.label?.forwardReturn).toBeCloseTo(Math.log(1.02), 12);
  });

  it('names the features: each signal, its missing flag, then the regime', () => {
    const ds = buildDataset({
      ...base(market(1).closes),
      regime: (i) => (i % 2 ? 'high_volatility' : 'normal'),
    });
    expect(ds.features).toEqual(featureNames(true));
    expect(ds.features.slice(0, 4)).toEqual([
      'momentum',
      'momentum_missing',
      'mean_reversion',
      'mean_reversion_missing',
    ]);
    const sample = ds.samples[0];
    expect(sample?.features.at(-1)).toBe((sample?.barIndex ?? 0) % 2 ? 1 : 0);
    // no funding or data delivered: funding, network, sentiment are 0 with missing = 1
    expect(sample?.features.slice(4, 10)).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('starts at the first warm bar (4 bars with the small config)', () => {
    const ds = buildDataset(base(market(1).closes));
    expect(ds.samples[0]?.barIndex).toBe(3);
    expect(ds.samples).toHaveLength(117);
    expect(labelledRows(ds).rows).toHaveLength(115);
  });

  it('reads data available at the close but not a settlement stamped at the close', () => {
    const closes = [10, 10.1, 10.2, 10.1, 10.3, 10.2];
    // bar 4 closes at T0 + 5 h: the sentiment datum available then counts, the settlement then does not
    const ds = buildDataset({
      ...base(closes),
      funding: [funding(2, 0.0015), funding(5, -0.003)],
      data: [datum('sentiment', 'sentiment_score', 0.4, 5)],
    });
    const bar4 = ds.samples.find((s) => s.barIndex === 4);
    expect(bar4?.time).toBe(T0 + 5 * HOUR_MS);
    expect(bar4?.features.slice(4, 6), 'funding from the settlement at 2 h').toEqual([-0.5, 0]);
    expect(bar4?.features.slice(8, 10), 'sentiment available at the close').toEqual([0.4, 0]);
    const bar5 = ds.samples.find((s) => s.barIndex === 5);
    expect(bar5?.features.slice(4, 6), 'the 5 h settlement arrives by the next close').toEqual([1, 0]);
  });

  it('has no look-ahead: cutting or rewriting everything after a close leaves its features unchanged', () => {
    const m = market(7);
    const full = buildDataset({ ...base(m.closes), funding: m.funding, data: m.data });
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 118 }), fc.integer({ min: 1, max: 1000 }), (k, seed) => {
        const cut = (T0 + (k + 1) * HOUR_MS) as EpochMs; // close of bar k
        const future = market(seed);
        const rewritten = buildDataset({
          ...base([...m.closes.slice(0, k + 1), ...future.closes.slice(k + 1)]),
          funding: [...m.funding.filter((e) => e.time < cut), ...future.funding.filter((e) => e.time >= cut)],
          data: [
            ...m.data.filter((e) => e.availableAt <= cut),
            ...future.data.filter((e) => e.availableAt > cut),
          ],
        });
        const truncated = buildDataset({
          ...base(m.closes.slice(0, k + 1)),
          funding: m.funding.filter((e) => e.time < cut),
          data: m.data.filter((e) => e.availableAt <= cut),
        });
        const upTo = (samples: typeof full.samples) =>
          samples.filter((s) => s.barIndex <= k).map((s) => [s.barIndex, s.time, s.features]);
        expect(upTo(truncated.samples)).toEqual(upTo(full.samples));
        expect(upTo(rewritten.samples)).toEqual(upTo(full.samples));
        expect(truncated.samples.filter((s) => s.barIndex > k - 2).every((s) => s.label === null)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('rejects a horizon of 0', () => {
    expect(() => buildDataset({ ...base([1, 2]), horizonBars: 0 })).toThrow(
      /horizonBars must be an integer >= 1/,
    );
  });
});

describe('roundTripCost', () => {
  it('adds the taker fee twice and the slippage in bps', () => {
    expect(roundTripCost({ takerFee: 0.0005, slippageBps: 10 })).toBeCloseTo(0.002, 15);
  });
});
