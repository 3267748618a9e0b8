import { isoTime } from '../../core/index.js';
import { table } from '../review/format.js';
import type { ReliabilityBin } from './calibration.js';
import type { FeatureImportance } from './feature-importance.js';
import type { ModelMetrics } from './metrics.js';

const num = (x: number | null, digits = 3): string => (x === null ? '-' : x.toFixed(digits));

export const METRIC_HEADER = ['n', 'AUC', 'log loss', 'Brier', 'hit rate', 'IC'] as const;

/** The cells of METRIC_HEADER for one set of metrics. */
export function metricCells(m: ModelMetrics): string[] {
  return [String(m.samples), num(m.auc), num(m.logLoss), num(m.brier), num(m.hitRate), num(m.ic)];
}

/** One set of metrics as a one-row table. */
export function formatMetrics(m: ModelMetrics): string {
  return table([...METRIC_HEADER], [metricCells(m)]);
}

/** One walk-forward fold as a table row: its test span and out-of-sample metrics. */
export interface FoldRow {
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly fit: number;
  readonly calibration: number;
  readonly metrics: ModelMetrics;
}

export function formatFolds(folds: readonly FoldRow[], pooled: ModelMetrics): string {
  const rows = folds.map((f) => [
    String(f.index),
    isoTime(f.from).slice(0, 16),
    isoTime(f.to).slice(0, 16),
    String(f.fit),
    String(f.calibration),
    ...metricCells(f.metrics),
  ]);
  rows.push(['pooled', '', '', '', '', ...metricCells(pooled)]);
  return table(['fold', 'test from', 'test to', 'fit', 'calib', ...METRIC_HEADER], rows);
}

/** The reliability table; empty bins are left out. */
export function formatReliability(bins: readonly ReliabilityBin[]): string {
  return table(
    ['forecast', 'n', 'mean forecast', 'observed'],
    bins
      .filter((b) => b.count > 0)
      .map((b) => [
        `${b.from.toFixed(1)}-${b.to.toFixed(1)}`,
        String(b.count),
        num(b.meanProbability),
        num(b.observedRate),
      ]),
  );
}

export function formatImportance(importance: readonly FeatureImportance[]): string {
  const trees = importance.some((i) => i.splits !== undefined);
  return table(
    trees ? ['feature', 'gain share', 'splits'] : ['feature', '|coef| share'],
    importance.map((i) => [i.feature, i.share.toFixed(3), ...(trees ? [String(i.splits ?? 0)] : [])]),
  );
}
