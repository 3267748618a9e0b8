/**
 * Small statistics shared by the fitting code (measuring the real NMR files) and the tests (checking
 * generated data), so both sides compute every figure the same way.
 */

/** Log returns of consecutive values: ln(x[i+1] / x[i]). */
export function logReturns(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, values.length - 1));
  for (let i = 1; i < values.length; i++)
    out[i - 1] = Math.log((values[i] as number) / (values[i - 1] as number));
  return out;
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length > 0 ? s / x.length : NaN;
}

/** Population standard deviation. */
export function std(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - m) ** 2;
  return x.length > 0 ? Math.sqrt(s / x.length) : NaN;
}

/** Kurtosis (not excess): 3 for a normal distribution. */
export function kurtosis(x: ArrayLike<number>): number {
  const m = mean(x);
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - m;
    s2 += d * d;
    s4 += d * d * d * d;
  }
  const v = s2 / x.length;
  return s4 / x.length / (v * v);
}

/** Autocorrelation at `lag`. */
export function autocorrelation(x: ArrayLike<number>, lag = 1): number {
  const m = mean(x);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - m;
    den += d * d;
    if (i >= lag) num += d * ((x[i - lag] as number) - m);
  }
  return den > 0 ? num / den : 0;
}

/** Pearson correlation of two equally long samples. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Quantile by linear interpolation, q in [0, 1]. */
export function quantile(x: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(x).sort();
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

export function median(x: ArrayLike<number>): number {
  return quantile(x, 0.5);
}

/** Clips values to the [q, 1-q] quantiles: keeps one crash from deciding a volatility level. */
export function winsorize(x: ArrayLike<number>, q: number): Float64Array {
  const lo = quantile(x, q);
  const hi = quantile(x, 1 - q);
  return Float64Array.from(x, (v) => Math.min(hi, Math.max(lo, v)));
}

/**
 * Annualised volatility of log returns sampled every `periodMs`, after winsorising at 0.1% / 99.9%:
 * the figure the fitted targets and the statistical tests compare.
 */
export function annualisedVol(returns: ArrayLike<number>, periodMs: number): number {
  const year = 365 * 24 * 3_600_000;
  return std(winsorize(returns, 0.001)) * Math.sqrt(year / periodMs);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7): accurate to ~1e-13. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** E|T| of a Student-t with `df` degrees of freedom scaled to unit variance (sqrt(2/pi) as df → ∞). */
export function meanAbsUnitStudentT(df: number): number {
  if (!Number.isFinite(df)) return Math.sqrt(2 / Math.PI);
  const raw = Math.exp(
    Math.log(2 * Math.sqrt(df)) +
      logGamma((df + 1) / 2) -
      0.5 * Math.log(Math.PI) -
      Math.log(df - 1) -
      logGamma(df / 2),
  );
  return raw * Math.sqrt((df - 2) / df);
}

/** Ranks (1-based, ties averaged). */
function ranks(x: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: x.length }, (_, i) => i).sort(
    (a, b) => (x[a] as number) - (x[b] as number),
  );
  const out = new Float64Array(x.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && x[order[j + 1] as number] === x[order[i] as number]) j++;
    for (let k = i; k <= j; k++) out[order[k] as number] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman rank correlation: Pearson on ranks, robust to a few huge values. */
export function rankCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return correlation(ranks(x), ranks(y));
}
