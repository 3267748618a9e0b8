import { describe, expect, it } from 'vitest';
import { SynthRandom } from '../prng.js';
import { simulateRegimes } from '../regimes.js';
import { fitGaussianHmm } from './hmm.js';

describe('fitGaussianHmm', () => {
  const truth = {
    names: ['calm', 'normal', 'turbulent'],
    hourlyVol: [0.005, 0.012, 0.03],
    transition: [
      [0.96, 0.04, 0],
      [0.03, 0.94, 0.03],
      [0, 0.2, 0.8],
    ],
  };
  const hours = 20_000;
  const states = simulateRegimes(new SynthRandom(1), hours, truth, () => false);
  const rng = new SynthRandom(2);
  const x = Float64Array.from(states, (s) => (truth.hourlyVol[s] as number) * rng.normal());
  for (let i = 500; i < 600; i++) x[i] = NaN;
  const fit = fitGaussianHmm(x, 3);

  it('recovers the volatility of each state', () => {
    fit.sigma.forEach((s, k) => expect(s / (truth.hourlyVol[k] as number), `state ${k}`).toBeCloseTo(1, 1));
  });

  it('recovers the persistence of each state', () => {
    fit.transition.forEach((row, k) =>
      expect(Math.abs((row[k] as number) - (truth.transition[k]?.[k] as number)), `p${k}${k}`).toBeLessThan(
        0.03,
      ),
    );
  });

  it('gives posteriors that sum to one, also over missing observations', () => {
    for (const t of [0, 550, hours - 1]) {
      const p = [0, 1, 2].reduce((s, k) => s + (fit.posterior[t * 3 + k] as number), 0);
      expect(p).toBeCloseTo(1, 9);
    }
  });
});
