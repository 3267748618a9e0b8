import { type EpochMs, DAY_MS, HOUR_MS, InputError, MINUTE_MS } from '../../core/index.js';
import type { CandleSeries, FundingEvent } from '../series/index.js';
import { type CascadeEvent, cascadePath, scheduleCascades } from './cascade-events.js';
import { generateFunding } from './funding.js';
import { NMR_SYNTH_PARAMS } from './params.js';
import { SYNTH_STREAMS, simulatePricePath } from './price-path.js';
import { SynthRandom } from './prng.js';
import { simulateRegimes } from './regimes.js';
import type { SynthParams } from './synth-params.types.js';

/** Default first bar of a synthetic market: 2025-01-01 00:00 UTC. */
export const DEFAULT_SYNTH_START = Date.UTC(2025, 0, 1) as EpochMs;
/** Longest span generated at once, days. */
export const MAX_SYNTH_DAYS = 3660;

export interface SyntheticMarketOptions {
  /** Whole days of 1m bars to generate (1 ... MAX_SYNTH_DAYS). */
  readonly days: number;
  /** Any safe integer; the same seed always gives the same market, bit for bit. */
  readonly seed: number;
  /** Open time of the first bar, on a whole minute. Default DEFAULT_SYNTH_START. */
  readonly start?: number;
  /** Model parameters. Default NMR_SYNTH_PARAMS (fitted to real NMR data). */
  readonly params?: SynthParams;
  /** Cascades to put in on top of those drawn from the rate (e.g. CRASH_2025_10_10 shifted in time). */
  readonly cascades?: readonly CascadeEvent[];
}

/** A generated NMR-like perpetual market. Everything in it is SYNTHETIC. */
export interface SyntheticMarket {
  /** 1m last-price candles, base volume. */
  readonly candles: CandleSeries;
  /** 1m mark-price candles (volume 0). */
  readonly mark: CandleSeries;
  /** Settlements with rate, mark price and the interval stated. */
  readonly funding: FundingEvent[];
  /** Regime state per 1m bar (index into params.regimes.names). */
  readonly regimes: Uint8Array;
  /** Cascades that happened, drawn or forced. */
  readonly cascades: readonly CascadeEvent[];
}

/**
 * Generates `days` of NMR-like perpetual data from `seed`: regime-switching fat-tailed 1m prices with
 * intraday seasonality, jumps and cascades, volume tied to |return|, a mark price with a small
 * basis, and funding from a latent premium on an interval grid that switches (8h, then 4h).
 * Deterministic: no clock, no Math.random.
 */
export function generateSyntheticMarket(options: SyntheticMarketOptions): SyntheticMarket {
  const { days, seed } = options;
  const start = options.start ?? DEFAULT_SYNTH_START;
  const params = options.params ?? NMR_SYNTH_PARAMS;
  validate(options, start);
  const minutes = days * (DAY_MS / MINUTE_MS);
  const end = start + minutes * MINUTE_MS;
  const cascades = scheduleCascades(
    new SynthRandom(seed, SYNTH_STREAMS.cascades),
    start,
    minutes,
    params.cascades,
    options.cascades,
  );
  const events = cascadePath(
    new SynthRandom(seed, SYNTH_STREAMS.cascadePath),
    cascades,
    start,
    minutes,
    params.volume.regimeFactor[params.volume.regimeFactor.length - 1] ?? 1,
  );
  const held = cascades.map((e) => ({
    from: Math.floor((e.at - start) / HOUR_MS),
    to: (e.at - start) / HOUR_MS + (e.rampMinutes + e.retraceMinutes) / 60 + params.cascades.aftermathHours,
  }));
  const hourlyRegimes = simulateRegimes(
    new SynthRandom(seed, SYNTH_STREAMS.regimes),
    Math.ceil(minutes / 60),
    params.regimes,
    (h) => held.some((w) => h >= w.from && h < w.to),
  );
  const { candles, mark, regimes } = simulatePricePath({
    seed,
    start,
    minutes,
    params,
    hourlyRegimes,
    events,
  });
  const funding = generateFunding(
    new SynthRandom(seed, SYNTH_STREAMS.funding),
    start,
    end,
    params.funding,
    (t) => mark.close[(t - start) / MINUTE_MS - 1] as number,
  );
  return { candles, mark, funding, regimes, cascades };
}

function validate(o: SyntheticMarketOptions, start: number): void {
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > MAX_SYNTH_DAYS)
    throw new InputError(`days must be a whole number from 1 to ${MAX_SYNTH_DAYS}, got ${o.days}`);
  if (!Number.isSafeInteger(o.seed)) throw new InputError(`seed must be an integer, got ${o.seed}`);
  if (!Number.isSafeInteger(start) || start % MINUTE_MS !== 0)
    throw new InputError(`start must be an epoch-ms time on a whole minute, got ${start}`);
  const end = start + o.days * DAY_MS;
  for (const [i, e] of (o.cascades ?? []).entries()) {
    const where = `cascade ${i + 1}`;
    if (!Number.isInteger(e.at) || e.at % MINUTE_MS !== 0 || e.at < start || e.at >= end)
      throw new InputError(`${where}: at must be a whole minute inside the generated span`);
    if (!(e.retention >= 0 && e.retention <= 1))
      throw new InputError(`${where}: retention must be in [0, 1]`);
    if (!(Math.abs(e.peak) <= 5)) throw new InputError(`${where}: |peak| must be at most 5 (log move)`);
    if (
      !Number.isInteger(e.rampMinutes) ||
      !Number.isInteger(e.retraceMinutes) ||
      e.rampMinutes < 1 ||
      e.retraceMinutes < 1
    )
      throw new InputError(`${where}: rampMinutes and retraceMinutes must be whole numbers >= 1`);
    if (!(e.volumeMultiple > 0)) throw new InputError(`${where}: volumeMultiple must be above 0`);
  }
}
