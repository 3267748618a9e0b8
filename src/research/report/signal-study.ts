import { SIGNAL_NAMES, type SignalName } from '../../signals/index.js';
import { spearman } from '../review/index.js';
import type { StudyInputs } from './collect.js';
import { fisherInterval, wilsonInterval } from './intervals.js';
import type { HorizonStat, SignalStudy } from './research.types.js';

/**
 * One signal at a horizon of `horizonBars` bars. Samples are taken every `horizonBars` bars (bar 0,
 * h, 2h, ...) so that no two forward returns share a bar: overlapping windows would make the
 * intervals, which assume independent samples, too narrow.
 */
export function horizonStat(
  closes: readonly number[],
  values: readonly (number | null)[],
  horizonBars: number,
  barHours: number,
): HorizonStat {
  const xs: number[] = [];
  const ys: number[] = [];
  let hits = 0;
  let hitN = 0;
  for (let i = 0; i + horizonBars < closes.length; i += horizonBars) {
    const value = values[i];
    const start = closes[i];
    const end = closes[i + horizonBars];
    if (value === null || value === undefined || start === undefined || end === undefined) continue;
    if (!(start > 0) || !Number.isFinite(end)) continue;
    const ret = end / start - 1;
    xs.push(value);
    ys.push(ret);
    if (value !== 0 && ret !== 0) {
      hitN++;
      if (Math.sign(value) === Math.sign(ret)) hits++;
    }
  }
  const ic = spearman(xs, ys);
  return {
    horizonBars,
    horizonHours: horizonBars * barHours,
    n: xs.length,
    ic,
    icCi: fisherInterval(ic, xs.length),
    hitN,
    hitRate: hitN > 0 ? hits / hitN : null,
    hitCi: wilsonInterval(hits, hitN),
  };
}

/** The IC and hit rate of every playbook signal at every horizon (its IC decay). */
export function signalStudy(
  inputs: StudyInputs,
  horizonBars: readonly number[],
  barHours: number,
): SignalStudy[] {
  return SIGNAL_NAMES.map((signal: SignalName) => ({
    signal,
    horizons: horizonBars.map((h) => horizonStat(inputs.closes, inputs.values[signal], h, barHours)),
  }));
}
