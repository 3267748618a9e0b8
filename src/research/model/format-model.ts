import { isoTime } from '../../core/index.js';
import { table } from '../review/format.js';
import type { ReliabilityBin } from './calibration.js';
import { labelledRows, type Dataset } from './dataset.js';
import type { FeatureImportance } from './feature-importance.js';
import type { ModelMetrics } from './metrics.js';
import type { DatasetSummary, EvaluateReport, FoldRow, TrainReport } from './model-report.types.js';

const num = (x: number | null, digits = 3): string => (x === null ? '-' : x.toFixed(digits));
const count = (n: number): string => n.toLocaleString('en-US');
const minute = (t: number): string => isoTime(t).slice(0, 16);

export const METRIC_HEADER = ['n', 'AUC', 'log loss', 'Brier', 'hit rate', 'IC'] as const;

/** The cells of METRIC_HEADER for one set of metrics. */
export function metricCells(m: ModelMetrics): string[] {
  return [String(m.samples), num(m.auc), num(m.logLoss), num(m.brier), num(m.hitRate), num(m.ic)];
}

/** One set of metrics as a one-row table. */
export function formatMetrics(m: ModelMetrics): string {
  return table([...METRIC_HEADER], [metricCells(m)]);
}

export function formatFolds(folds: readonly FoldRow[], pooled: ModelMetrics): string {
  const rows = folds.map((f) => [
    String(f.index),
    minute(f.from),
    minute(f.to),
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

export function summariseDataset(dataset: Dataset, bars: number): DatasetSummary {
  const all = labelledRows(dataset);
  return {
    bars,
    samples: dataset.samples.length,
    labelled: all.rows.length,
    positives: all.labels.filter((y) => y === 1).length,
    from: dataset.samples[0]?.time ?? null,
    to: dataset.samples.at(-1)?.time ?? null,
    features: dataset.features.length,
    horizonBars: dataset.horizonBars,
    cost: dataset.cost,
  };
}

function datasetLine(d: DatasetSummary): string {
  const span = d.from === null || d.to === null ? '' : ` ${minute(d.from)} .. ${minute(d.to)}`;
  const share = d.labelled > 0 ? `${((100 * d.positives) / d.labelled).toFixed(1)}%` : '-';
  return (
    `Dataset: ${count(d.bars)} bars, ${count(d.samples)} samples (${count(d.labelled)} labelled)${span}, ` +
    `${d.features} features, horizon ${d.horizonBars} bar(s), cost ${d.cost}; ${share} of labels positive`
  );
}

/** The heading of `model train`, printed before the walk-forward runs. */
export function formatTrainHeading(
  r: Pick<TrainReport, 'synthetic' | 'kind' | 'market' | 'dataset'>,
): string {
  const m = r.market;
  return `${r.synthetic ? '[SYNTHETIC] ' : ''}Model train: ${r.kind} on ${m.exchange} ${m.symbol} ${m.timeframe}\n${datasetLine(r.dataset)}\n`;
}

/** The rest of the `model train` output: folds, pooled metrics, reliability, the saved model. */
export function formatTrainResults(r: TrainReport): string {
  const s = r.split;
  return [
    `Walk-forward (${s.mode}, train ${s.trainSize}, test ${s.testSize}, last ${s.calibrationShare * 100}% of each training window for calibration): ${r.folds.length} folds, out of sample`,
    formatFolds(r.folds, r.pooled),
    '',
    'Reliability (pooled out-of-sample forecasts)',
    formatReliability(r.reliability),
    '',
    `Final model: fit on ${count(r.model.fit)} samples, calibrated on ${count(r.model.calibration)}, ` +
      `${minute(r.model.trainingWindow.from)} .. ${minute(r.model.trainingWindow.to)}; its metrics are the pooled walk-forward ones`,
    'Feature importance (final model)',
    formatImportance(r.importance),
    '',
    `Model written to ${r.model.file}`,
    '',
  ].join('\n');
}

export function formatEvaluate(r: EvaluateReport): string {
  const m = r.market;
  const w = r.trainingWindow;
  return [
    `${r.synthetic ? '[SYNTHETIC] ' : ''}Model evaluate: ${r.model} (${r.kind}, trained ${minute(w.from)} .. ${minute(w.to)}) on ${m.exchange} ${m.symbol} ${m.timeframe}`,
    datasetLine(r.dataset),
    r.overlapping > 0
      ? `WARNING: ${count(r.overlapping)} samples overlap the training window (--allow-overlap): these are not out of sample`
      : 'Out of sample: no sample shares price data with the training window',
    '',
    formatMetrics(r.metrics),
    '',
    'Reliability',
    formatReliability(r.reliability),
    '',
  ].join('\n');
}
