import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import type { JournalDecision, JournalTrade } from '../../journal/index.js';
import { reviewEvidence } from './evidence.js';
import { forwardReturn, priceAt, samplesOf } from './samples.js';

const H = 3_600_000;

function decision(
  seq: number,
  time: number,
  price: number,
  values: { price?: number | null; network?: number | null; sentiment?: number | null; momentum?: number },
): JournalDecision {
  const fam = (v: number | null | undefined) => ({ value: v ?? null, weight: 0.3, effectiveWeight: 0.3 });
  const d: JournalDecision = {
    seq,
    time: time as EpochMs,
    kind: 'target',
    price,
    detail: {
      side: 'long',
      snapshot: {
        time,
        score: 0.5,
        regime: 'normal',
        families: {
          price: fam(values.price),
          network: fam(values.network),
          sentiment: fam(values.sentiment),
        },
        signals: [{ name: 'momentum', family: 'price', value: values.momentum ?? null, inputs: {} }],
        signalType: 'momentum',
        reason: 'test',
      },
    },
  };
  return d;
}

describe('samplesOf', () => {
  it('reads target decisions with a snapshot and skips the rest', () => {
    const d = decision(1, 0, 10, { price: 0.4, momentum: 0.7 });
    const order = { seq: 2, time: 0 as EpochMs, kind: 'order', price: 10, detail: {} } as JournalDecision;
    const bare = {
      seq: 3,
      time: 0 as EpochMs,
      kind: 'target',
      price: 10,
      detail: { side: 'flat' },
    } as JournalDecision;
    expect(samplesOf([d, order, bare])).toEqual([
      {
        time: 0,
        price: 10,
        families: { price: 0.4, network: null, sentiment: null },
        signals: { momentum: 0.7 },
      },
    ]);
  });
});

describe('forwardReturn', () => {
  const prices = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => ({ time: k * H, price: 10 + k }));

  it('takes the price at t + h (latest point at or before it) over the decision price', () => {
    expect(priceAt(prices, 2.5 * H)).toBe(12);
    const s = { time: 1 * H, price: 8, families: { price: 1, network: null, sentiment: null }, signals: {} };
    // price(7 h) = 17, decision price 8: 17/8 - 1
    expect(forwardReturn(s, prices, 6 * H, 7 * H)).toBeCloseTo(17 / 8 - 1, 12);
  });

  it('is unknown when t + h is after the review time or the last price', () => {
    const s = { time: 2 * H, price: 12, families: { price: 1, network: null, sentiment: null }, signals: {} };
    expect(forwardReturn(s, prices, 6 * H, 10 * H), 'last price at 7 h').toBeUndefined();
    expect(forwardReturn(s, prices, 3 * H, 4 * H), 'not known at review time').toBeUndefined();
    expect(forwardReturn(s, prices, 2 * H, 4 * H)).toBeCloseTo(14 / 12 - 1, 12);
  });
});

describe('reviewEvidence', () => {
  // Hourly prices 100, 101, ..., 100 + 48 over two days; decisions every 6 h.
  const prices = Array.from({ length: 49 }, (_, k) => ({ time: k * H, price: 100 + (k % 12 < 6 ? k : -k) }));
  const decisions = [0, 6, 12, 18, 24, 30, 36].map((h, i) =>
    decision(i + 1, h * H, Number.NaN, { price: i % 2 === 0 ? 0.5 : -0.5, network: null, sentiment: i - 3 }),
  );
  const trades = [
    { signalType: 'momentum', netPnl: 3, entryTime: 1 * H, exitTime: 5 * H },
    { signalType: 'momentum', netPnl: -1, entryTime: 30 * H, exitTime: 40 * H },
  ] as unknown as JournalTrade[];

  it('scores only decisions in the window whose forward return is known at review time', () => {
    const e = reviewEvidence({
      runId: 'r',
      decisions,
      trades,
      prices,
      at: 42 * H,
      windowDays: 1,
      horizonHours: 6,
    });
    // window (18 h, 42 h]: decisions at 24, 30, 36 h; each return known by 42 h.
    expect(e.from).toBe(18 * H);
    expect(e.samples).toBe(3);
    expect(e.families.network).toMatchObject({ n: 0, hitRate: null, ic: null });
    expect(e.pnl.trades, 'only the trade that closed in the window').toBe(1);
    expect(e.pnl.netPnl).toBe(-1);
  });

  it('uses the whole run up to the review time when the window is null (hand-worked signs)', () => {
    const e = reviewEvidence({
      runId: 'r',
      decisions,
      trades,
      prices,
      at: 48 * H,
      windowDays: null,
      horizonHours: 6,
    });
    // price(k) = 100 + k for k%12 < 6 else 100 - k. Returns over 6 h from 0,6,12,18,24,30,36:
    // 0->6: 100 -> 94 (down); 6->12: 94 -> 112 (up); 12->18: 112 -> 82 (down); 18->24: 82 -> 124 (up);
    // 24->30: 124 -> 70 (down); 30->36: 70 -> 136 (up); 36->42: 136 -> 58 (down).
    // price family: +,-,+,-,+,-,+ is always wrong; sentiment -3..3 rising: hits where sign matches.
    expect(e.samples).toBe(7);
    expect(e.families.price).toMatchObject({ n: 7, hitN: 7, hits: 0, hitRate: 0 });
    // IC with ties: value ranks [5.5,2,5.5,2,5.5,2,5.5], return ranks [4,5,3,6,2,7,1]; about the means
    // (4, 4): Σdx·dy = -21, Σdx² = 21, Σdy² = 28, rho = -21/√(21·28) = -√3/2.
    expect(e.families.price.ic).toBeCloseTo(-Math.sqrt(3) / 2, 12);
    // sentiment -3 (down: hit), -2 (up: miss), -1 (down: hit), 0 (no sign), 1 (down: miss), 2 (up: hit), 3 (down: miss)
    expect(e.families.sentiment).toMatchObject({ n: 7, hitN: 6, hits: 3, hitRate: 0.5 });
    expect(e.signals.momentum.n, 'momentum was null in every snapshot').toBe(0);
    expect(e.pnl.trades).toBe(2);
  });
});
