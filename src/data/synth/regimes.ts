import type { SynthRandom } from './prng.js';
import type { RegimeParams } from './synth-params.types.js';

/** Stationary distribution of a row-stochastic matrix (power iteration). */
export function stationaryDistribution(transition: readonly (readonly number[])[]): number[] {
  const K = transition.length;
  let p = new Array<number>(K).fill(1 / K);
  for (let n = 0; n < 100_000; n++) {
    const next = new Array<number>(K).fill(0);
    for (let i = 0; i < K; i++)
      for (let j = 0; j < K; j++)
        next[j] = (next[j] as number) + (p[i] as number) * (transition[i]?.[j] as number);
    const diff = next.reduce((s, v, j) => s + Math.abs(v - (p[j] as number)), 0);
    p = next;
    if (diff < 1e-15) break;
  }
  return p;
}

function draw(rng: SynthRandom, probabilities: readonly number[]): number {
  const u = rng.uniform();
  let acc = 0;
  for (let k = 0; k < probabilities.length; k++) {
    acc += probabilities[k] as number;
    if (u < acc) return k;
  }
  return probabilities.length - 1;
}

/**
 * One regime per hour: the first drawn from the stationary distribution, each next one from the
 * transition row of the last. Hours where `forced(hour)` is true sit in the most volatile state.
 */
export function simulateRegimes(
  rng: SynthRandom,
  hours: number,
  p: RegimeParams,
  forced: (hour: number) => boolean,
): Uint8Array {
  const out = new Uint8Array(hours);
  const top = p.hourlyVol.length - 1;
  let state = draw(rng, stationaryDistribution(p.transition));
  for (let h = 0; h < hours; h++) {
    if (h > 0) state = draw(rng, p.transition[state] ?? []);
    if (forced(h)) state = top;
    out[h] = state;
  }
  return out;
}
