import { solveLinear } from './linear-solve.js';

/** The logistic function, computed without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function logit(p: number, eps = 1e-12): number {
  const q = Math.min(1 - eps, Math.max(eps, p));
  return Math.log(q / (1 - q));
}

export interface NewtonResult {
  /** Weights, the intercept last. */
  readonly weights: readonly number[];
  readonly iterations: number;
  readonly converged: boolean;
}

function objective(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  w: readonly number[],
  l2: number,
): number {
  const p = w.length - 1;
  let loss = 0;
  rows.forEach((x, i) => {
    let z = w[p] ?? 0;
    for (let j = 0; j < p; j++) z += (w[j] ?? 0) * (x[j] ?? 0);
    const t = y[i] ?? 0;
    // log(1 + e^z) - t z, stable for both signs of z
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - t * z;
  });
  let penalty = 0;
  for (let j = 0; j < p; j++) penalty += (w[j] ?? 0) ** 2;
  return loss / rows.length + (l2 / 2) * penalty;
}

/**
 * Minimises mean log loss + (l2 / 2) * |w|^2 (the intercept unpenalised) by Newton's method
 * (IRLS), halving a step that does not lower the objective. Targets may be soft, in [0, 1].
 * Deterministic: no random start, fixed iteration order.
 */
export function newtonLogistic(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: { readonly l2: number; readonly maxIterations: number; readonly tolerance: number },
): NewtonResult {
  const p = rows[0]?.length ?? 0;
  const n = rows.length;
  let w = new Array<number>(p + 1).fill(0);
  let current = objective(rows, y, w, options.l2);
  for (let iter = 1; iter <= options.maxIterations; iter++) {
    const grad = new Array<number>(p + 1).fill(0);
    const hess = Array.from({ length: p + 1 }, () => new Array<number>(p + 1).fill(0));
    rows.forEach((x, i) => {
      const ext = [...x, 1];
      let z = 0;
      for (let j = 0; j <= p; j++) z += (w[j] ?? 0) * (ext[j] ?? 0);
      const mu = sigmoid(z);
      const r = (mu - (y[i] ?? 0)) / n;
      const v = (mu * (1 - mu)) / n;
      for (let j = 0; j <= p; j++) {
        const xj = ext[j] ?? 0;
        grad[j] = (grad[j] ?? 0) + r * xj;
        const row = hess[j] ?? [];
        for (let k = 0; k <= j; k++) row[k] = (row[k] ?? 0) + v * xj * (ext[k] ?? 0);
      }
    });
    for (let j = 0; j <= p; j++) {
      const row = hess[j] ?? [];
      for (let k = 0; k < j; k++) (hess[k] ?? [])[j] = row[k] ?? 0;
      // the ridge on the weights; a whisker on the intercept keeps a one-class target solvable
      row[j] = (row[j] ?? 0) + (j < p ? options.l2 : 1e-10);
      if (j < p) grad[j] = (grad[j] ?? 0) + options.l2 * (w[j] ?? 0);
    }
    const delta = solveLinear(hess, grad);
    let scale = 1;
    let next = w.map((wj, j) => wj - (delta[j] ?? 0));
    let value = objective(rows, y, next, options.l2);
    while (value > current && scale > 1e-6) {
      scale /= 2;
      next = w.map((wj, j) => wj - scale * (delta[j] ?? 0));
      value = objective(rows, y, next, options.l2);
    }
    const change = Math.max(...delta.map((d) => Math.abs(scale * d)));
    w = next;
    current = value;
    if (change < options.tolerance) return { weights: w, iterations: iter, converged: true };
  }
  return { weights: w, iterations: options.maxIterations, converged: false };
}
