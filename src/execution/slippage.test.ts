import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { MarketStats } from './market-stats.js';
import {
  applySlippage,
  DEFAULT_SLIPPAGE,
  isThinHour,
  slippageFraction,
  validateSlippageConfig,
} from './slippage.js';

/*
 * Hand computation shared by these tests (synthetic bars):
 *   closes  10, 10.2, 10, 10.3, 10.1      volumes 100, 120, 80, 100, 100 → mean volume 100
 *   log returns r1 = ln(10.2/10)   =  0.019802627
 *               r2 = ln(10/10.2)   = -0.019802627
 *               r3 = ln(10.3/10)   =  0.029558802
 *               r4 = ln(10.1/10.3) = -0.019608471
 *   mean = ln(10.1/10) / 4 = 0.002487583
 *   squared deviations 0.000299811, 0.000496853, 0.000732851, 0.000488236 → sum 0.002017751
 *   sample variance = sum / 3 = 0.000672584, sigma = sqrt(...) = 0.025934217
 */
const CLOSES = [10, 10.2, 10, 10.3, 10.1];
const VOLUMES = [100, 120, 80, 100, 100];
const SIGMA = 0.025934216553840175;

function statsOf(closes: readonly number[], volumes: readonly number[], lookback: number): MarketStats {
  const stats = new MarketStats(lookback);
  closes.forEach((close, i) => stats.add({ close, volume: volumes[i] ?? 0 }));
  return stats;
}

describe('MarketStats', () => {
  it('computes sigma and mean volume of the window by hand', () => {
    const s = statsOf(CLOSES, VOLUMES, 5);
    expect(s.sigma, 'sample stdev of the four log returns').toBeCloseTo(SIGMA, 12);
    expect(s.averageBarVolume, '(100 + 120 + 80 + 100 + 100) / 5').toBe(100);
    expect(s.isStable, 'five bars fill a five-bar window').toBe(true);
  });

  it('forgets bars that slid out of the window', () => {
    const s = statsOf([50, 40, ...CLOSES], [9_000, 9_000, ...VOLUMES], 5);
    expect(s.sigma, 'only the last five closes count').toBeCloseTo(SIGMA, 12);
    expect(s.averageBarVolume).toBeCloseTo(100, 12);
  });

  it('reports no volatility before it has three closes', () => {
    const s = statsOf([10, 11], [5, 7], 5);
    expect(s.sigma, 'one return has no sample stdev').toBe(0);
    expect(s.averageBarVolume).toBe(6);
    expect(new MarketStats(3).snapshot()).toEqual({ sigma: 0, averageBarVolume: 0, bars: 0 });
  });

  it('matches a from-scratch computation at every step of a long stream (property)', () => {
    const bar = fc.record({
      close: fc.double({ min: 1, max: 100, noNaN: true }),
      volume: fc.double({ min: 0, max: 1e4, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.array(bar, { minLength: 1, maxLength: 40 }),
        (lookback, bars) => {
          const stats = new MarketStats(lookback);
          bars.forEach((b, i) => {
            stats.add(b);
            const window = bars.slice(Math.max(0, i + 1 - lookback), i + 1);
            const returns = window.slice(1).map((w, j) => Math.log(w.close / (window[j]?.close ?? 1)));
            const mean = returns.reduce((a, x) => a + x, 0) / returns.length;
            const variance = returns.reduce((a, x) => a + (x - mean) ** 2, 0) / (returns.length - 1);
            const sigma = returns.length < 2 ? 0 : Math.sqrt(variance);
            const volume = window.reduce((a, w) => a + w.volume, 0) / window.length;
            expect(stats.sigma, `sigma after bar ${i}`).toBeCloseTo(sigma, 9);
            expect(stats.averageBarVolume, `volume after bar ${i}`).toBeCloseTo(volume, 6);
          });
        },
      ),
    );
  });
});

describe('slippageFraction', () => {
  const config = { ...DEFAULT_SLIPPAGE, lookbackBars: 5 };
  const market = statsOf(CLOSES, VOLUMES, 5).snapshot();
  const NOON = Date.UTC(2025, 0, 6, 12);

  it('adds half the spread to the square-root impact', () => {
    // f = 2 bps + 1.0 * 0.025934217 * sqrt(4 / 100) = 0.0002 + 0.005186843 = 0.005386843
    const f = slippageFraction(config, market, 4, NOON);
    expect(f).toBeCloseTo(0.0002 + SIGMA * 0.2, 15);
    expect(f).toBeCloseTo(0.005386843, 9);
    // A buy at 10.5 pays 10.5 * 1.005386843 = 10.556561855; a sell receives 10.443438145.
    expect(applySlippage(10.5, 'buy', f)).toBeCloseTo(10.556561855, 9);
    expect(applySlippage(10.5, 'sell', f)).toBeCloseTo(10.443438145, 9);
  });

  it('doubles inside the 02:00-06:00 UTC thin hours', () => {
    const normal = slippageFraction(config, market, 4, NOON);
    const thin = slippageFraction(config, market, 4, Date.UTC(2025, 0, 6, 3, 30));
    expect(thin, 'thinHoursMultiplier 2 applies to spread and impact').toBeCloseTo(2 * normal, 15);
  });

  it('is zero for the none model and spread-only before any volume is known', () => {
    expect(slippageFraction({ ...config, model: 'none' }, market, 4, NOON)).toBe(0);
    const empty = new MarketStats(5).snapshot();
    expect(slippageFraction(config, empty, 4, NOON), 'warm-up: half-spread only').toBeCloseTo(0.0002, 15);
  });
});

describe('isThinHour', () => {
  const window = { startHourUtc: 2, endHourUtc: 6 };

  it('includes the start hour and excludes the end hour', () => {
    expect(isThinHour(Date.UTC(2025, 0, 6, 1, 59), window)).toBe(false);
    expect(isThinHour(Date.UTC(2025, 0, 6, 2, 0), window)).toBe(true);
    expect(isThinHour(Date.UTC(2025, 0, 6, 5, 59), window)).toBe(true);
    expect(isThinHour(Date.UTC(2025, 0, 6, 6, 0), window)).toBe(false);
  });

  it('wraps a window that crosses midnight', () => {
    const night = { startHourUtc: 22, endHourUtc: 2 };
    expect(isThinHour(Date.UTC(2025, 0, 6, 23), night)).toBe(true);
    expect(isThinHour(Date.UTC(2025, 0, 6, 1), night)).toBe(true);
    expect(isThinHour(Date.UTC(2025, 0, 6, 12), night)).toBe(false);
  });
});

describe('validateSlippageConfig', () => {
  it('names the field that cannot be used', () => {
    expect(() => validateSlippageConfig({ ...DEFAULT_SLIPPAGE, lookbackBars: 1 })).toThrow(ConfigError);
    expect(() => validateSlippageConfig({ ...DEFAULT_SLIPPAGE, halfSpreadBps: -1 })).toThrow(
      'slippage.halfSpreadBps must be >= 0, got -1',
    );
    expect(() => validateSlippageConfig(DEFAULT_SLIPPAGE)).not.toThrow();
  });
});
