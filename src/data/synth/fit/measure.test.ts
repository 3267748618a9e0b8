import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../core/index.js';
import { NMR_SYNTH_PARAMS } from '../params.js';
import { simulatedMoments } from './funding-fit.js';
import { measureNmrMarket } from './measure.js';
import { paramsFromMeasurements } from './to-params.js';

/** The shared real data sits beside the repository: <repoRoot>/../shared/data. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const dataDir = path.join(repoRoot, '..', 'shared', 'data');

/** Every number in `actual` within rounding of the one at the same place in `expected`. */
function expectClose(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number') {
    const a = actual as number;
    const tolerance = Math.max(1e-3 * Math.abs(expected), 1e-5);
    if (!(Math.abs(a - expected) <= tolerance))
      expect.fail(`${where}: measured ${a}, NMR_SYNTH_PARAMS has ${expected}`);
  } else if (expected !== null && typeof expected === 'object') {
    for (const [k, v] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
  } else expect(actual, where).toEqual(expected);
}

describe('measureNmrMarket on the real NMR files', () => {
  const measured = measureNmrMarket(dataDir, { fitFunding: false });

  it('reproduces NMR_SYNTH_PARAMS (funding premium aside) to the rounding they were written with', () => {
    const { funding, ...rest } = paramsFromMeasurements(measured);
    const { funding: fixedFunding, ...expected } = NMR_SYNTH_PARAMS;
    expectClose(rest, expected, 'params');
    expect(funding.lateMsShare).toBeCloseTo(fixedFunding.lateMsShare, 4);
  });

  it('reads the 2025-10-10 cascade: 14.769 at 20:45 UTC, a 4.231 wick, 11.333 at the close', () => {
    expect(measured.year.crash20251010).toEqual({ before: 14.769, low: 4.231, dayClose: 11.333 });
  });

  it('finds the 2024-03-09 squeeze and the 2025-10-10 crash among the cascade days', () => {
    const days = measured.cascades.days.map((d) => isoTime(d.day).slice(0, 10));
    expect(days).toContain('2024-03-09');
    expect(days).toContain('2025-10-10');
    const crash = measured.cascades.days.find((d) => isoTime(d.day).startsWith('2025-10-10'));
    expect(crash?.peak, 'Bybit low 4.224 against the previous close').toBeLessThan(-1.3);
  });

  it('makes the funding premium in NMR_SYNTH_PARAMS reproduce the pooled real funding moments', () => {
    const real = measured.funding.pooled;
    const model = simulatedMoments(NMR_SYNTH_PARAMS.funding);
    expect(Math.abs(model.mean - real.mean), 'mean within 0.5 bp').toBeLessThan(0.00005);
    expect(model.sd / real.sd).toBeGreaterThan(0.8);
    expect(model.sd / real.sd).toBeLessThan(1.2);
    expect(Math.abs(model.autocorr8h - real.autocorr8h)).toBeLessThan(0.1);
    expect(Math.abs(model.baselineShare - real.baselineShare)).toBeLessThan(0.05);
    expect(Math.abs(model.squeezeShare - real.squeezeShare)).toBeLessThan(0.03);
  });
});
