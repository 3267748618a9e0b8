import { describe, expect, it } from 'vitest';
import { DAY_MS, InputError, MINUTE_MS, epochMs } from '../../core/index.js';
import type { CandleSeries } from '../series/index.js';
import { DEFAULT_SYNTH_START, type SyntheticMarket, generateSyntheticMarket } from './generate.js';
import { CRASH_2025_10_10, NMR_SYNTH_PARAMS } from './params.js';

/** The raw bytes of every column: equal bytes means bit-for-bit equal floats. */
const bytes = (s: CandleSeries): Buffer =>
  Buffer.concat(
    [s.openTime, s.open, s.high, s.low, s.close, s.volume].map((c) =>
      Buffer.from(c.buffer, c.byteOffset, c.byteLength),
    ),
  );

function expectIdentical(a: SyntheticMarket, b: SyntheticMarket): void {
  expect(bytes(a.candles).equals(bytes(b.candles)), 'candle bytes').toBe(true);
  expect(bytes(a.mark).equals(bytes(b.mark)), 'mark bytes').toBe(true);
  expect(a.funding).toEqual(b.funding);
  expect(Array.from(a.regimes)).toEqual(Array.from(b.regimes));
  expect(a.cascades).toEqual(b.cascades);
}

function expectValidBars(s: CandleSeries, label: string): void {
  for (let i = 0; i < s.length; i++) {
    const [o, h, l, c, v] = [s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]] as number[] as [
      number,
      number,
      number,
      number,
      number,
    ];
    const at = `${label} bar ${i}`;
    if (!(l <= Math.min(o, c) && Math.max(o, c) <= h))
      expect.fail(`${at}: low ${l} open ${o} close ${c} high ${h}`);
    if (!(l > 0)) expect.fail(`${at}: low ${l} is not positive`);
    if (!(v >= 0)) expect.fail(`${at}: volume ${v} is negative`);
    if (i > 0 && s.openTime[i] !== (s.openTime[i - 1] as number) + MINUTE_MS)
      expect.fail(`${at}: not 1m after bar ${i - 1}`);
  }
}

describe('generateSyntheticMarket', () => {
  const market = generateSyntheticMarket({ days: 5, seed: 7 });

  it('gives bit-for-bit identical output for the same seed', () => {
    expectIdentical(market, generateSyntheticMarket({ days: 5, seed: 7 }));
  });

  it('gives different output for a different seed', () => {
    const other = generateSyntheticMarket({ days: 5, seed: 8 });
    expect(Array.from(other.candles.close.subarray(0, 100))).not.toEqual(
      Array.from(market.candles.close.subarray(0, 100)),
    );
    expect(other.funding.map((e) => e.rate)).not.toEqual(market.funding.map((e) => e.rate));
  });

  it('makes consecutive 1m bars from the start, one regime per bar', () => {
    expect(market.candles.length).toBe(5 * 1440);
    expect(market.candles.timeframe).toBe('1m');
    expect(market.candles.time(0)).toBe(DEFAULT_SYNTH_START);
    expect(market.regimes.length).toBe(market.candles.length);
    expect(Math.max(...market.regimes)).toBeLessThan(NMR_SYNTH_PARAMS.regimes.names.length);
    expect(Array.from(market.mark.openTime)).toEqual(Array.from(market.candles.openTime));
  });

  it('keeps every bar consistent: low <= min(open, close) <= max(open, close) <= high, prices > 0, volume >= 0', () => {
    const year = generateSyntheticMarket({
      days: 60,
      seed: 99,
      params: { ...NMR_SYNTH_PARAMS, cascades: { ...NMR_SYNTH_PARAMS.cascades, perYear: 60 } },
    });
    expectValidBars(year.candles, 'last');
    expectValidBars(year.mark, 'mark');
  });

  it('keeps the mark within a small basis of the close and its volume at 0', () => {
    for (let i = 0; i < market.mark.length; i++) {
      const basis = Math.log((market.mark.close[i] as number) / (market.candles.close[i] as number));
      if (Math.abs(basis) > 0.01) expect.fail(`bar ${i}: basis ${basis}`);
    }
    expect(Math.max(...market.mark.volume)).toBe(0);
  });

  it('prices each settlement at the mark close of the minute ending at it', () => {
    for (const e of market.funding) {
      const grid = e.time - (e.time % MINUTE_MS);
      const i = (grid - market.candles.time(0)) / MINUTE_MS - 1;
      expect(e.markPrice).toBe(market.mark.close[i]);
    }
  });

  it('puts a forced crash in: the wick reaches the peak and the regime turns turbulent', () => {
    const at = epochMs(DEFAULT_SYNTH_START + 2 * DAY_MS + 20 * 60 * MINUTE_MS);
    const crashed = generateSyntheticMarket({ days: 4, seed: 7, cascades: [{ ...CRASH_2025_10_10, at }] });
    const i = crashed.candles.indexOf(at);
    const before = crashed.candles.open[i] as number;
    const window = crashed.candles.slice(
      i,
      i + CRASH_2025_10_10.rampMinutes + CRASH_2025_10_10.retraceMinutes,
    );
    const low = Math.min(...window.low);
    expect(Math.log(low / before), 'about -1.25 in log').toBeLessThan(-1);
    expect(crashed.regimes[i + 10], 'turbulent during the event').toBe(2);
    expect(crashed.cascades.some((e) => e.at === at)).toBe(true);
  });

  it('refuses bad options with a message naming the option', () => {
    expect(() => generateSyntheticMarket({ days: 0, seed: 1 })).toThrow(InputError);
    expect(() => generateSyntheticMarket({ days: 1.5, seed: 1 })).toThrow(/days/);
    expect(() => generateSyntheticMarket({ days: 1, seed: 0.5 })).toThrow(/seed/);
    expect(() => generateSyntheticMarket({ days: 1, seed: 1, start: DEFAULT_SYNTH_START + 1 })).toThrow(
      /start/,
    );
    expect(() =>
      generateSyntheticMarket({
        days: 1,
        seed: 1,
        cascades: [{ ...CRASH_2025_10_10, at: epochMs(DEFAULT_SYNTH_START - MINUTE_MS) }],
      }),
    ).toThrow(/cascade 1/);
  });
});
