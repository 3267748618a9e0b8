import { DAY_MS, MINUTE_MS } from '../../core/index.js';
import { type CandleSeries, CandleSeriesBuilder } from '../series/index.js';
import type { CascadePath } from './cascade-events.js';
import { SynthRandom } from './prng.js';
import { meanAbsUnitStudentT } from './stats.js';
import type { SynthParams } from './synth-params.types.js';

/** Independent random streams drawn from one seed, one per part of the model. */
export const SYNTH_STREAMS = {
  regimes: 1,
  price: 2,
  jumps: 3,
  cascades: 4,
  cascadePath: 5,
  bars: 6,
  volume: 7,
  basis: 8,
  funding: 9,
  volumeLevel: 10,
} as const;

/** Mark prices keep 8 decimals, as Binance reports them. */
const MARK_SCALE = 1e8;
const MINUTES_PER_YEAR = 365 * 24 * 60;

export interface PricePathInput {
  readonly seed: number;
  readonly start: number;
  readonly minutes: number;
  readonly params: SynthParams;
  /** Regime state per hour from the start. */
  readonly hourlyRegimes: Uint8Array;
  /** Drift and volume the cascades add per minute. */
  readonly events: CascadePath;
}

export interface PricePath {
  readonly candles: CandleSeries;
  readonly mark: CandleSeries;
  /** Regime state per 1m bar. */
  readonly regimes: Uint8Array;
}

/**
 * The 1m last-price and mark-price candles. Per minute: a Student-t innovation scaled by the regime's
 * volatility and the hour-of-day profile, plus any jump and cascade drift, moves the log price; the
 * open is the previous close plus first-trade noise; wicks beyond the body are exponential; volume is
 * log-normal around the hour, regime and |return| level. The mark is the close times exp(basis),
 * an AR(1) basis, with damped wicks.
 */
export function simulatePricePath(input: PricePathInput): PricePath {
  const { seed, start, minutes, params: p, hourlyRegimes, events } = input;
  const innovations = new SynthRandom(seed, SYNTH_STREAMS.price);
  const jumpRng = new SynthRandom(seed, SYNTH_STREAMS.jumps);
  const barRng = new SynthRandom(seed, SYNTH_STREAMS.bars);
  const volumeRng = new SynthRandom(seed, SYNTH_STREAMS.volume);
  const basisRng = new SynthRandom(seed, SYNTH_STREAMS.basis);
  const candles = new CandleSeriesBuilder('1m', minutes);
  const mark = new CandleSeriesBuilder('1m', minutes);
  const regimes = new Uint8Array(minutes);

  const scale = 10 ** p.priceDecimals;
  const price = (x: number): number => Math.max(1, Math.round(x * scale)) / scale;
  const markPrice = (x: number): number => Math.max(1, Math.round(x * MARK_SCALE)) / MARK_SCALE;
  const sigmaOf = p.regimes.hourlyVol.map((v) => v / Math.sqrt(60));
  const jumpChance = p.jumps.perYear / MINUTES_PER_YEAR;
  const v = p.volume;
  const volumeNorm =
    Math.exp(-0.5 * v.noiseSd * v.noiseSd) / (1 + v.absReturnSlope * meanAbsUnitStudentT(p.tailDf));
  const m = p.mark;
  const phi = 0.5 ** (1 / m.basisHalfLifeMinutes);
  const basisNoise = m.basisSd * Math.sqrt(1 - phi * phi);
  const level = volumeLevel(new SynthRandom(seed, SYNTH_STREAMS.volumeLevel), hourlyRegimes.length, v);
  const firstMinuteOfDay = Math.floor((((start % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);

  let logPrice = Math.log(p.startPrice);
  let prevClose = p.startPrice;
  let basis = m.basisMean + m.basisSd * basisRng.normal();
  let prevMark = p.startPrice * Math.exp(basis);
  for (let i = 0; i < minutes; i++) {
    const state = hourlyRegimes[Math.floor(i / 60)] as number;
    const hour = Math.floor((firstMinuteOfDay + i) / 60) % 24;
    const sigma = (sigmaOf[state] as number) * (p.hourOfDayVol[hour] as number);
    let r = sigma * innovations.studentT(p.tailDf) + (events.drift[i] as number);
    if (jumpRng.uniform() < jumpChance) {
      const size = Math.exp(p.jumps.logSizeMean + p.jumps.logSizeSd * jumpRng.normal());
      r += jumpRng.chance(p.jumps.upShare) ? size : -size;
    }
    const open = prevClose * Math.exp(p.openGapSd * barRng.normal());
    logPrice += r;
    const close = Math.exp(logPrice);
    const upWick = sigma * p.wickScale * barRng.exponential();
    const downWick = sigma * p.wickScale * barRng.exponential();
    const volume =
      v.meanPerMinute *
      (level[Math.floor(i / 60)] as number) *
      (p.hourOfDayVolume[hour] as number) *
      (v.regimeFactor[state] as number) *
      Math.exp(v.noiseSd * volumeRng.normal()) *
      (1 + (v.absReturnSlope * Math.abs(r)) / sigma) *
      (events.volume[i] as number) *
      volumeNorm;
    const time = start + i * MINUTE_MS;
    candles.push(
      time,
      price(open),
      price(Math.max(open, close) * Math.exp(upWick)),
      price(Math.min(open, close) * Math.exp(-downWick)),
      price(close),
      Math.round(volume * 10) / 10,
    );
    basis = m.basisMean + phi * (basis - m.basisMean) + basisNoise * basisRng.normal();
    const markClose = close * Math.exp(basis);
    mark.push(
      time,
      markPrice(prevMark),
      markPrice(Math.max(prevMark, markClose) * Math.exp(m.wickDamping * upWick)),
      markPrice(Math.min(prevMark, markClose) * Math.exp(-m.wickDamping * downWick)),
      markPrice(markClose),
      0,
    );
    regimes[i] = state;
    prevClose = close;
    prevMark = markClose;
  }
  return { candles: candles.build(), mark: mark.build(), regimes };
}

/** The slow volume level per hour: exp of a log AR(1), mean one. */
function volumeLevel(rng: SynthRandom, hours: number, v: SynthParams['volume']): Float64Array {
  const phi = v.levelPhiPerDay ** (1 / 24);
  const noise = v.levelSd * Math.sqrt(1 - phi * phi);
  const out = new Float64Array(hours);
  let x = v.levelSd * rng.normal();
  for (let h = 0; h < hours; h++) {
    if (h > 0) x = phi * x + noise * rng.normal();
    out[h] = Math.exp(x - 0.5 * v.levelSd * v.levelSd);
  }
  return out;
}
