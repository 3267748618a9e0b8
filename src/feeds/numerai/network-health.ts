import type { EpochMs } from '../../core/index.js';

/**
 * Network health of the Numerai tournament per resolved round, in [-1, 1] (docs/feeds.md, Numerai).
 * Each component compares the round with the `window` resolved rounds before it (in resolve order):
 *
 *   corr    z = (CORR - mean) / sd of the meta model's CORR (sample sd)        c = z / 2
 *   stake   c = ln(total at stake / trailing mean) / 0.10                      (+10% -> about +1)
 *   payout  c = ln(payout factor / trailing mean) / 0.10
 *   burn    c = -burn ratio / 0.02                                             (2% of stake burned -> -1)
 *
 * each clamped to [-3, 3]; health = tanh(sum(w c) / sum(w)) over the components the round has, with
 * weights corr 0.40, stake 0.25, payout 0.15, burn 0.20. A trailing component needs at least
 * max(2, ceil(window / 2)) earlier values; stakes and payout factors of 0 (not published) are skipped.
 */

export const HEALTH_WEIGHTS = { corr: 0.4, stake: 0.25, payoutFactor: 0.15, burn: 0.2 } as const;
export const HEALTH_SCALES = { corrZ: 2, stakeLog: 0.1, payoutFactorLog: 0.1, burnRatio: 0.02 } as const;
export const COMPONENT_LIMIT = 3;

export type HealthComponent = keyof typeof HEALTH_WEIGHTS;
export type HealthInput = 'swmmCorr' | 'payoutFactor' | 'totalAtStake' | 'burnRatio';

/** One stored value and when it became public. */
export interface TimedValue {
  readonly value: number;
  readonly availableAt: EpochMs;
}

export interface HealthRound {
  readonly round: number;
  /** The round's resolve time. */
  readonly eventTime: EpochMs;
  readonly inputs: Readonly<Partial<Record<HealthInput, TimedValue>>>;
}

export interface HealthPoint {
  readonly round: number;
  readonly eventTime: EpochMs;
  /** The latest availableAt of every value the point was computed from. */
  readonly availableAt: EpochMs;
  readonly value: number;
  readonly components: Readonly<Partial<Record<HealthComponent, number>>>;
  /** The earliest round whose values went into the point. */
  readonly inputsFrom: number;
}

export const minHistory = (window: number): number => Math.max(2, Math.ceil(window / 2));

interface Sample extends TimedValue {
  readonly round: number;
}

const mean = (xs: readonly Sample[]): number => xs.reduce((s, x) => s + x.value, 0) / xs.length;

function sampleSd(xs: readonly Sample[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x.value - m) ** 2, 0) / (xs.length - 1));
}

const clamp = (c: number): number => Math.max(-COMPONENT_LIMIT, Math.min(COMPONENT_LIMIT, c));

/** Trailing log-ratio component, or undefined without enough history. */
function logTrend(
  x: Sample | undefined,
  history: readonly Sample[],
  need: number,
  scale: number,
): number | undefined {
  if (!x || history.length < need) return undefined;
  return clamp(Math.log(x.value / mean(history)) / scale);
}

/** Health points of the rounds that have at least one component, in resolve order. */
export function computeNetworkHealth(rounds: readonly HealthRound[], window: number): HealthPoint[] {
  const need = minHistory(window);
  const history: Record<'corr' | 'stake' | 'payoutFactor', Sample[]> = {
    corr: [],
    stake: [],
    payoutFactor: [],
  };
  const sorted = rounds.slice().sort((a, b) => a.eventTime - b.eventTime || a.round - b.round);
  const points: HealthPoint[] = [];
  for (const r of sorted) {
    const sample = (input: HealthInput, positive: boolean): Sample | undefined => {
      const v = r.inputs[input];
      if (!v || !Number.isFinite(v.value) || (positive && !(v.value > 0))) return undefined;
      return { ...v, round: r.round };
    };
    const corr = sample('swmmCorr', false);
    const stake = sample('totalAtStake', true);
    const payoutFactor = sample('payoutFactor', true);
    const burn = sample('burnRatio', false);
    const trail = {
      corr: history.corr.slice(-window),
      stake: history.stake.slice(-window),
      payoutFactor: history.payoutFactor.slice(-window),
    };
    const components: Partial<Record<HealthComponent, number>> = {};
    const used: Sample[] = [];
    if (corr && trail.corr.length >= need) {
      const sd = sampleSd(trail.corr);
      if (sd > 0) {
        components.corr = clamp((corr.value - mean(trail.corr)) / sd / HEALTH_SCALES.corrZ);
        used.push(corr, ...trail.corr);
      }
    }
    const stakeC = logTrend(stake, trail.stake, need, HEALTH_SCALES.stakeLog);
    if (stakeC !== undefined && stake) {
      components.stake = stakeC;
      used.push(stake, ...trail.stake);
    }
    const payoutC = logTrend(payoutFactor, trail.payoutFactor, need, HEALTH_SCALES.payoutFactorLog);
    if (payoutC !== undefined && payoutFactor) {
      components.payoutFactor = payoutC;
      used.push(payoutFactor, ...trail.payoutFactor);
    }
    if (burn) {
      components.burn = clamp(-burn.value / HEALTH_SCALES.burnRatio);
      used.push(burn);
    }
    if (corr) history.corr.push(corr);
    if (stake) history.stake.push(stake);
    if (payoutFactor) history.payoutFactor.push(payoutFactor);

    const names = Object.keys(components) as HealthComponent[];
    if (names.length === 0) continue;
    const weight = names.reduce((s, n) => s + HEALTH_WEIGHTS[n], 0);
    const score = names.reduce((s, n) => s + HEALTH_WEIGHTS[n] * (components[n] ?? 0), 0) / weight;
    points.push({
      round: r.round,
      eventTime: r.eventTime,
      availableAt: Math.max(...used.map((u) => u.availableAt)) as EpochMs,
      value: Math.tanh(score),
      components,
      inputsFrom: Math.min(...used.map((u) => u.round)),
    });
  }
  return points;
}
