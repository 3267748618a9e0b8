import { InputError } from '../../core/index.js';

/**
 * Out-of-sample scores of a probability forecast. Labels are 0/1 (1 = the long beat its cost);
 * probabilities are in [0, 1]. A metric that is undefined for the input (one class only, no
 * variance) is null rather than NaN, so it survives JSON.
 */

function checkLengths(a: readonly number[], b: readonly number[], what: string): void {
  if (a.length !== b.length) throw new InputError(`${what}: ${a.length} labels but ${b.length} predictions`);
}

/** Ranks 1..n, ties sharing their average rank. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(values.length).fill(0);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && order[end]?.v === order[start]?.v) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]?.i ?? 0] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative
 * (ties count one half), by the Mann-Whitney rank sum. Null when either class is absent.
 */
export function auc(labels: readonly number[], scores: readonly number[]): number | null {
  checkLengths(labels, scores, 'auc');
  const ranks = averageRanks(scores);
  let positives = 0;
  let rankSum = 0;
  labels.forEach((y, i) => {
    if (y === 1) {
      positives++;
      rankSum += ranks[i] ?? 0;
    }
  });
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood (natural log); probabilities are clipped to [eps, 1 - eps]. */
export function logLoss(labels: readonly number[], probs: readonly number[], eps = 1e-15): number | null {
  checkLengths(labels, probs, 'logLoss');
  if (labels.length === 0) return null;
  let sum = 0;
  labels.forEach((y, i) => {
    const p = Math.min(1 - eps, Math.max(eps, probs[i] ?? 0.5));
    sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  });
  return sum / labels.length;
}

/** Mean squared error of the probability against the 0/1 outcome (0 is perfect, 0.25 is a coin). */
export function brier(labels: readonly number[], probs: readonly number[]): number | null {
  checkLengths(labels, probs, 'brier');
  if (labels.length === 0) return null;
  let sum = 0;
  labels.forEach((y, i) => (sum += ((probs[i] ?? 0) - y) ** 2));
  return sum / labels.length;
}

/** Share of samples where (p > threshold) matches the label (p equal to the threshold calls 0). */
export function hitRate(labels: readonly number[], probs: readonly number[], threshold = 0.5): number | null {
  checkLengths(labels, probs, 'hitRate');
  if (labels.length === 0) return null;
  let hits = 0;
  labels.forEach((y, i) => {
    if (((probs[i] ?? 0) > threshold ? 1 : 0) === y) hits++;
  });
  return hits / labels.length;
}

/** Pearson correlation; null with fewer than 2 points or a constant input. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  checkLengths(x, y, 'pearson');
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation: Pearson on average ranks. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  checkLengths(x, y, 'spearman');
  return pearson(averageRanks(x), averageRanks(y));
}

/** The information coefficient: Spearman correlation of the probability with the forward return. */
export function informationCoefficient(
  probs: readonly number[],
  forwardReturns: readonly number[],
): number | null {
  return spearman(probs, forwardReturns);
}

export interface ModelMetrics {
  readonly samples: number;
  readonly auc: number | null;
  readonly logLoss: number | null;
  readonly brier: number | null;
  readonly hitRate: number | null;
  readonly ic: number | null;
}

/** Every metric of one forecast at once. */
export function evaluate(
  labels: readonly number[],
  probs: readonly number[],
  forwardReturns: readonly number[],
): ModelMetrics {
  return {
    samples: labels.length,
    auc: auc(labels, probs),
    logLoss: logLoss(labels, probs),
    brier: brier(labels, probs),
    hitRate: hitRate(labels, probs),
    ic: informationCoefficient(probs, forwardReturns),
  };
}
