import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../core/index.js';
import { resample } from '../series/index.js';
import { generateSyntheticMarket } from './generate.js';
import { describeSyntheticMarket } from './market-stats.js';
import { NMR_SYNTH_PARAMS, NMR_SYNTH_TARGETS } from './params.js';
import { logReturns, mean } from './stats.js';

/** 180 days from one fixed seed, compared with what the real NMR files measured. */
const DAYS = 180;
const market = generateSyntheticMarket({ days: DAYS, seed: 2025 });
const stats = describeSyntheticMarket(market);
const T = NMR_SYNTH_TARGETS;

describe('a 180-day synthetic market against the fitted NMR targets', () => {
  it('has the annualised volatility of real 1h returns within 25%', () => {
    expect(stats.annualisedVol1h / T.annualisedVol1h).toBeGreaterThan(0.75);
    expect(stats.annualisedVol1h / T.annualisedVol1h).toBeLessThan(1.25);
  });

  it('has fat-tailed 1h returns (kurtosis above 3)', () => {
    expect(stats.kurtosis1h).toBeGreaterThan(3);
  });

  it('spends about the fitted share of time in the turbulent regime', () => {
    const turbulent = stats.regimeShare[2] ?? 0;
    expect(turbulent, `turbulent share ${turbulent} vs ${T.turbulentShare}`).toBeGreaterThan(
      T.turbulentShare / 2,
    );
    expect(turbulent).toBeLessThan(T.turbulentShare * 2);
  });

  it('keeps regimes persistent: far fewer switches than hours', () => {
    let switches = 0;
    for (let i = 60; i < market.regimes.length; i += 60)
      if (market.regimes[i] !== market.regimes[i - 60]) switches++;
    expect(switches / (DAYS * 24), 'switch rate per hour').toBeLessThan(0.15);
  });

  it('ties volume to |return| (positive rank correlation near the real one)', () => {
    expect(stats.volumeAbsReturnCorr1h).toBeGreaterThan(0.15);
    expect(Math.abs(stats.volumeAbsReturnCorr1h - T.volumeAbsReturnCorr1h)).toBeLessThan(0.15);
  });

  it('has 1m high-low ranges relative to the body like the real 1m bars (within 10%)', () => {
    expect(Math.abs(stats.rangeToBody1m / T.rangeToBody1m - 1)).toBeLessThan(0.1);
  });

  it('has funding mean, spread and baseline share near the pooled real funding', () => {
    expect(Math.abs(stats.funding.mean - T.fundingMean8h), 'mean within 1.5 bp').toBeLessThan(0.00015);
    expect(stats.funding.sd / T.fundingSd8h).toBeGreaterThan(0.5);
    expect(stats.funding.sd / T.fundingSd8h).toBeLessThan(1.5);
    expect(Math.abs(stats.funding.baselineShare - T.fundingBaselineShare)).toBeLessThan(0.12);
    expect(stats.funding.squeezeShare, 'negative squeezes happen').toBeGreaterThan(0);
  });

  it('is quieter in the thin hours 02-06 UTC than at 13-17 UTC, in volume and in |return|', () => {
    const hourly = resample(market.candles, '1h').series;
    const r = logReturns(hourly.close);
    const pick = (from: number, to: number, f: (i: number) => number): number =>
      mean(
        Array.from({ length: r.length }, (_, i) => i + 1).flatMap((i) => {
          const h = new Date(hourly.time(i)).getUTCHours();
          return h >= from && h < to ? [f(i)] : [];
        }),
      );
    const volume = (i: number): number => Math.log(hourly.volume[i] as number);
    const move = (i: number): number => Math.abs(r[i - 1] as number);
    expect(pick(2, 6, volume)).toBeLessThan(pick(13, 17, volume));
    expect(pick(2, 6, move)).toBeLessThan(pick(13, 17, move));
  });
});

describe('cascades in a synthetic market', () => {
  it('produces crash or squeeze days at the rate asked for', () => {
    const perYear = 24;
    const busy = generateSyntheticMarket({
      days: DAYS,
      seed: 2025,
      params: { ...NMR_SYNTH_PARAMS, cascades: { ...NMR_SYNTH_PARAMS.cascades, perYear } },
    });
    expect(busy.cascades.length, 'Poisson count around 24 x 180/365 = 11.8').toBeGreaterThanOrEqual(5);
    const daily = resample(busy.candles, '1d').series;
    let wild = 0;
    for (let i = 1; i < daily.length; i++) {
      const prev = daily.close[i - 1] as number;
      const excursion = Math.max(
        Math.log((daily.high[i] as number) / prev),
        -Math.log((daily.low[i] as number) / prev),
      );
      if (excursion > 0.25) wild++;
    }
    expect(wild, 'days with an extreme beyond 25% of the previous close').toBeGreaterThanOrEqual(3);
  });

  it('produces none when the rate is zero and none is forced', () => {
    const calm = generateSyntheticMarket({
      days: 30,
      seed: 2025,
      params: { ...NMR_SYNTH_PARAMS, cascades: { ...NMR_SYNTH_PARAMS.cascades, perYear: 0 } },
    });
    expect(calm.cascades).toEqual([]);
  });
});

describe('resampling synthetic 1m bars', () => {
  it('gives full 1h bars whose OHLCV agree with the minutes inside them', () => {
    const { series, barCounts } = resample(market.candles, '1h');
    expect(series.length).toBe(DAYS * 24);
    expect(Math.min(...barCounts)).toBe(60);
    const i = 100;
    const minutes = market.candles.range(series.time(i), series.time(i) + HOUR_MS);
    expect(series.open[i]).toBe(minutes.open[0]);
    expect(series.close[i]).toBe(minutes.close[59]);
    expect(series.high[i]).toBe(Math.max(...minutes.high));
    expect(series.low[i]).toBe(Math.min(...minutes.low));
    expect(series.volume[i]).toBeCloseTo(
      minutes.volume.reduce((s, v) => s + v, 0),
      6,
    );
    expect(resample(market.mark, '1d').series.length).toBe(DAYS);
  });
});
