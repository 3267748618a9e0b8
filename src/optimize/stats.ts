import { InputError } from '../core/index.js';

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new InputError(`normal quantile needs 0 < p < 1, got ${p}`);
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/** Mean, sample standard deviation, skewness and (non-excess) kurtosis of a sample. */
export function moments(xs: readonly number[]): {
  mean: number;
  std: number;
  skew: number;
  kurtosis: number;
} {
  const n = xs.length;
  if (n < 2) return { mean: xs[0] ?? 0, std: 0, skew: 0, kurtosis: 3 };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return {
    mean,
    std: Math.sqrt((m2 * n) / (n - 1)),
    skew: m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0,
    kurtosis: m2 > 0 ? m4 / (m2 * m2) : 3,
  };
}

/** Per-period Sharpe ratio (mean / sample stdev); 0 when the stdev is 0. */
export function periodSharpe(xs: readonly number[]): number {
  const { mean, std } = moments(xs);
  return std > 0 ? mean / std : 0;
}

const EULER_GAMMA = 0.5772156649015329;

/**
 * The Sharpe ratio expected from the best of `trials` independent strategies with no skill, whose
 * Sharpe ratios vary with `variance` (Bailey & López de Prado 2014, eq. for SR0):
 * sqrt(V) x ((1 - γ) Z⁻¹(1 - 1/N) + γ Z⁻¹(1 - 1/(N e))).
 */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (trials < 2) return 0;
  return (
    Math.sqrt(variance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) +
      EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)))
  );
}

export interface DeflatedSharpeInput {
  /** The selected strategy's Sharpe ratio, per period (not annualised). */
  readonly sharpe: number;
  /** Number of returns behind it. */
  readonly observations: number;
  readonly skew: number;
  /** Non-excess kurtosis (3 for a normal distribution). */
  readonly kurtosis: number;
  /** Number of independent trials tried. */
  readonly trials: number;
  /** Variance of the trials' Sharpe ratios, per period. */
  readonly sharpeVariance: number;
}

/**
 * Deflated Sharpe ratio (Bailey & López de Prado 2014): the probability that the true Sharpe ratio
 * exceeds the best one expected by chance from `trials` tries, corrected for sample length, skew and
 * kurtosis: Φ((SR - SR0) √(T - 1) / √(1 - γ3 SR + (γ4 - 1)/4 SR²)).
 */
export function deflatedSharpe(input: DeflatedSharpeInput): { dsr: number; expectedMax: number } {
  const { sharpe: sr, observations: t, skew, kurtosis } = input;
  if (t < 2) throw new InputError(`deflated Sharpe needs at least 2 observations, got ${t}`);
  const sr0 = expectedMaxSharpe(input.trials, input.sharpeVariance);
  const denom = Math.sqrt(Math.max(1e-12, 1 - skew * sr + ((kurtosis - 1) / 4) * sr * sr));
  return { dsr: normalCdf(((sr - sr0) * Math.sqrt(t - 1)) / denom), expectedMax: sr0 };
}
