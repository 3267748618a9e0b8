import type { ModelKind } from './artifact-schema.js';
import type { ReliabilityBin } from './calibration.js';
import type { FeatureImportance } from './feature-importance.js';
import type { ModelMetrics } from './metrics.js';

/** The market a dataset was built from. */
export interface MarketLabel {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
}

/** What a dataset holds, for the reports. Times are bar closes (epoch ms), null without samples. */
export interface DatasetSummary {
  readonly bars: number;
  readonly samples: number;
  readonly labelled: number;
  /** Labelled samples with label 1 (the long beat its cost). */
  readonly positives: number;
  readonly from: number | null;
  readonly to: number | null;
  readonly features: number;
  readonly horizonBars: number;
  readonly cost: number;
}

/** One walk-forward fold: its test span (bar closes) and out-of-sample metrics. */
export interface FoldRow {
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly fit: number;
  readonly calibration: number;
  readonly metrics: ModelMetrics;
}

/** What `nmrbot model train` found and saved (printed, and written by --json). */
export interface TrainReport {
  readonly synthetic: boolean;
  readonly kind: ModelKind;
  readonly market: MarketLabel;
  readonly dataset: DatasetSummary;
  readonly split: {
    readonly trainSize: number;
    readonly testSize: number;
    readonly mode: string;
    readonly calibrationShare: number;
  };
  readonly folds: readonly FoldRow[];
  readonly pooled: ModelMetrics;
  readonly reliability: readonly ReliabilityBin[];
  readonly model: {
    readonly file: string;
    readonly trainingWindow: { readonly from: number; readonly to: number };
    readonly fit: number;
    readonly calibration: number;
  };
  readonly importance: readonly FeatureImportance[];
}

/** What `nmrbot model evaluate` measured (printed, and written by --json). */
export interface EvaluateReport {
  readonly synthetic: boolean;
  readonly model: string;
  readonly kind: ModelKind;
  readonly trainingWindow: { readonly from: number; readonly to: number };
  readonly market: MarketLabel;
  readonly dataset: DatasetSummary;
  /** Samples whose label window shares price data with the training window (0 out of sample). */
  readonly overlapping: number;
  readonly metrics: ModelMetrics;
  readonly reliability: readonly ReliabilityBin[];
}
