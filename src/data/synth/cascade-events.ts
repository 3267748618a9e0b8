import { type EpochMs, MINUTE_MS } from '../../core/index.js';
import type { SynthRandom } from './prng.js';
import type { CascadeParams } from './synth-params.types.js';

/** One cascade (crash or squeeze) in a synthetic market: drawn from the rate, or asked for. */
export interface CascadeEvent {
  /** First minute of the event; must fall on a minute inside the generated span. */
  readonly at: EpochMs;
  /** Signed log move from the last price before the event to its extreme (-1.25: down 71%). */
  readonly peak: number;
  /** Share of the peak move kept when the event ends, in [0, 1]. */
  readonly retention: number;
  readonly rampMinutes: number;
  readonly retraceMinutes: number;
  /** Volume inside the event over the normal level before it (37 on 2025-10-10). */
  readonly volumeMultiple: number;
}

function logUniform(rng: SynthRandom, min: number, max: number): number {
  return Math.round(Math.exp(Math.log(min) + rng.uniform() * (Math.log(max) - Math.log(min))));
}

/**
 * Cascades in [start, start + minutes): Poisson arrivals at `perYear` (exponential gaps), each with a
 * log-normal peak size, a direction, a uniform retention and log-uniform durations. `forced` events
 * are added as given; a drawn event that would overlap another is dropped.
 */
export function scheduleCascades(
  rng: SynthRandom,
  start: number,
  minutes: number,
  p: CascadeParams,
  forced: readonly CascadeEvent[] = [],
): CascadeEvent[] {
  const drawn: CascadeEvent[] = [];
  const perMinute = p.perYear / (365 * 24 * 60);
  let m = perMinute > 0 ? rng.exponential() / perMinute : Infinity;
  while (m < minutes) {
    const size = Math.min(p.peakMax, Math.exp(p.peakLogMean + p.peakLogSd * rng.normal()));
    drawn.push({
      at: (start + Math.floor(m) * MINUTE_MS) as EpochMs,
      peak: rng.chance(p.upShare) ? size : -size,
      retention: p.retentionMin + rng.uniform() * (p.retentionMax - p.retentionMin),
      rampMinutes: Math.max(1, logUniform(rng, p.rampMinutesMin, p.rampMinutesMax)),
      retraceMinutes: Math.max(1, logUniform(rng, p.retraceMinutesMin, p.retraceMinutesMax)),
      volumeMultiple: Math.min(p.volumeMultipleMax, Math.exp(p.volumeLogMean + p.volumeLogSd * rng.normal())),
    });
    m += rng.exponential() / perMinute;
  }
  const all = [...forced, ...drawn.filter((e) => !forced.some((f) => overlaps(e, f)))];
  all.sort((a, b) => a.at - b.at);
  return all.filter((e, i) => i === 0 || !overlaps(all[i - 1] as CascadeEvent, e));
}

function endOf(e: CascadeEvent): number {
  return e.at + (e.rampMinutes + e.retraceMinutes) * MINUTE_MS;
}

function overlaps(a: CascadeEvent, b: CascadeEvent): boolean {
  return a.at < endOf(b) && b.at < endOf(a);
}

/** What the events add to each minute of the span. */
export interface CascadePath {
  /** Extra log drift. */
  readonly drift: Float64Array;
  /** Volume multiplier on top of the regime's (1 outside events). */
  readonly volume: Float64Array;
}

/**
 * Carries out the events minute by minute: the peak move spread over the ramp and the give-back over
 * the retrace, each minute's share drawn as exponential weights (a ragged path, not a straight
 * line); volume raised to the event's multiple, of which the turbulent regime already supplies
 * `regimeVolume`.
 */
export function cascadePath(
  rng: SynthRandom,
  events: readonly CascadeEvent[],
  start: number,
  minutes: number,
  regimeVolume: number,
): CascadePath {
  const drift = new Float64Array(minutes);
  const volume = new Float64Array(minutes).fill(1);
  const spread = (from: number, length: number, total: number, volumeFactor: number): void => {
    const w = Array.from({ length }, () => rng.exponential());
    const sum = w.reduce((s, v) => s + v, 0);
    w.forEach((v, k) => {
      const i = from + k;
      if (i < 0 || i >= minutes) return;
      drift[i] = (drift[i] as number) + (total * v) / sum;
      volume[i] = volumeFactor;
    });
  };
  for (const e of events) {
    const i = Math.round((e.at - start) / MINUTE_MS);
    const factor = e.volumeMultiple / regimeVolume;
    spread(i, e.rampMinutes, e.peak, factor);
    spread(i + e.rampMinutes, e.retraceMinutes, -(1 - e.retention) * e.peak, factor);
  }
  return { drift, volume };
}
