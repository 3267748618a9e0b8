import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError, isoTime, timeframeMs } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { MarketStore } from '../../data/index.js';
import { storedEventStream } from '../../research/lookahead/index.js';
import {
  MODEL_KINDS,
  REGIME_FEATURE,
  XGBOOST_DEFAULTS,
  calibrationSlice,
  datasetFromStream,
  evaluate,
  evaluateWalkForward,
  featureImportance,
  formatEvaluate,
  formatTrainHeading,
  formatTrainResults,
  labelledRows,
  loadModel,
  overlapsTraining,
  predictArtifact,
  reliability,
  roundTripCost,
  saveModel,
  summariseDataset,
  trainModel,
  type Dataset,
  type DatasetSummary,
  type EvaluateReport,
  type MarketLabel,
  type ModelKind,
  type TrainReport,
  type XgboostOptions,
} from '../../research/model/index.js';
import { specFromConfig } from '../backtest/backtest-spec.js';
import { chooseMarket, replayedFeeds, wholeNumber, type MarketFlags } from '../backtest/market.js';
import { configForCommand, withStore } from '../context.js';
import { ProgressBar } from '../progress.js';

interface DataFlags extends MarketFlags {
  timeframe?: string;
  cost?: string;
  json?: string;
}

interface TrainFlags extends DataFlags {
  kind: string;
  horizon: string;
  train: string;
  test: string;
  mode: string;
  calibration: string;
  out?: string;
  rounds?: string;
  maxDepth?: string;
  eta?: string;
  subsample?: string;
  minChildWeight?: string;
}

interface EvaluateFlags extends DataFlags {
  model: string;
  allowOverlap?: boolean;
}

const count = (n: number): string => n.toLocaleString('en-US');

function fraction(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!(n >= 0 && n < max)) throw new InputError(`${flag} must be a number in [0, ${max}), got "${text}"`);
  return n;
}

function optionalNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new InputError(`${flag} must be a number, got "${text}"`);
  return n;
}

function addDataOptions(command: Command): Command {
  return command
    .option('--timeframe <tf>', "bar timeframe (default: backtest.timeframe; evaluate: the model's)")
    .option('--from <when>', 'start: a date (2025-01-01) or a look-back (18mo) (default: data.history)')
    .option('--to <when>', 'end (exclusive), a date or a look-back (default: now)')
    .option(
      '--cost <fraction>',
      "round-trip cost the labels are net of (default: 2 x fees.taker + 2 x half spread; evaluate: the model's)",
    )
    .option('--json <file>', 'also write the results as JSON')
    .option('--synthetic', 'use a generated market with generated feed data (labelled SYNTHETIC)')
    .option('--days <n>', 'with --synthetic: days to generate', '90')
    .option('--seed <n>', 'seed of the --synthetic market', '1');
}

/** `nmrbot model train | evaluate`: the learned model over the playbook's signals (docs/model.md). */
export function registerModelCommands(program: Command): void {
  const model = program
    .command('model')
    .description('learned model on the playbook signals: walk-forward training and out-of-sample evaluation');
  addDataOptions(
    model
      .command('train')
      .description(
        'build the dataset from the store, evaluate walk-forward (purged), train the final model on the most recent window and save it',
      ),
  )
    .option('--kind <kind>', `model kind: ${MODEL_KINDS.join(' or ')}`, 'logistic')
    .option('--horizon <bars>', 'label horizon in bars', '4')
    .option('--train <samples>', 'training window of each fold and of the final model, in samples', '2000')
    .option('--test <samples>', 'test window of each fold, in samples', '500')
    .option('--mode <mode>', 'rolling (fixed training window) or anchored (from the first sample)', 'rolling')
    .option(
      '--calibration <share>',
      'share of each training window held out (at its end) for Platt scaling',
      '0.2',
    )
    .option('--out <file>', 'where to save the model (default: models/<kind>-<timeframe>.json)')
    .option('--rounds <n>', `xgboost: boosting rounds (default ${XGBOOST_DEFAULTS.rounds})`)
    .option('--max-depth <n>', `xgboost: tree depth (default ${XGBOOST_DEFAULTS.maxDepth})`)
    .option('--eta <x>', `xgboost: learning rate (default ${XGBOOST_DEFAULTS.eta})`)
    .option('--subsample <x>', `xgboost: share of rows per tree (default ${XGBOOST_DEFAULTS.subsample})`)
    .option(
      '--min-child-weight <x>',
      `xgboost: minimum hessian sum in a leaf (default ${XGBOOST_DEFAULTS.minChildWeight})`,
    )
    .action(async (flags: TrainFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      await withStore(cmd, (store) => runTrain(store, config, flags));
    });
  addDataOptions(
    model
      .command('evaluate')
      .description('score a saved model out of sample on a span of the store (metrics and reliability table)')
      .requiredOption('--model <file>', 'the saved model (JSON artifact)'),
  )
    .option('--allow-overlap', 'evaluate even where the span shares price data with the training window')
    .action(async (flags: EvaluateFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      await withStore(cmd, (store) => runEvaluate(store, config, flags));
    });
}

interface MarketDataset {
  readonly dataset: Dataset;
  readonly summary: DatasetSummary;
  readonly market: MarketLabel;
  readonly barMs: number;
  readonly synthetic: boolean;
}

/** The dataset of the chosen market and span, loaded as a backtest would replay it. */
function marketDataset(
  store: MarketStore,
  config: NmrbotConfig,
  flags: DataFlags,
  tag: string,
  label: { horizonBars: number; cost: number },
): MarketDataset {
  const market = chooseMarket(store, config, flags, tag, Date.now());
  const spec = specFromConfig(
    config,
    { timeframe: flags.timeframe, risk: false, days: flags.days, seed: flags.seed, download: false },
    market,
  );
  const { stream, synthetic } = storedEventStream(store, spec, replayedFeeds(store, flags, spec));
  process.stderr.write(`building the dataset from ${count(stream.bars.length)} ${spec.timeframe} bars\n`);
  const dataset = datasetFromStream(stream, spec.timeframe, {
    symbol: spec.symbol,
    signals: config.signals,
    ...label,
  });
  return {
    dataset,
    summary: summariseDataset(dataset, stream.bars.length),
    market: { exchange: spec.exchange, symbol: spec.symbol, timeframe: spec.timeframe },
    barMs: timeframeMs(spec.timeframe),
    synthetic: synthetic || flags.synthetic === true,
  };
}

function defaultCost(config: NmrbotConfig): number {
  return roundTripCost({
    takerFee: config.fees.taker,
    slippageBps: 2 * config.execution.slippage.halfSpreadBps,
  });
}

function writeJson(file: string | undefined, body: unknown): void {
  if (file === undefined) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`JSON written to ${file}\n`);
}

function parseKind(text: string): ModelKind {
  const kind = MODEL_KINDS.find((k) => k === text);
  if (kind === undefined) throw new InputError(`--kind must be ${MODEL_KINDS.join(' or ')}, got "${text}"`);
  return kind;
}

function xgboostFlags(flags: TrainFlags): XgboostOptions {
  return {
    rounds: optionalNumber('--rounds', flags.rounds),
    maxDepth: optionalNumber('--max-depth', flags.maxDepth),
    eta: optionalNumber('--eta', flags.eta),
    subsample: optionalNumber('--subsample', flags.subsample),
    minChildWeight: optionalNumber('--min-child-weight', flags.minChildWeight),
  };
}

async function runTrain(store: MarketStore, config: NmrbotConfig, flags: TrainFlags): Promise<void> {
  const kind = parseKind(flags.kind);
  const mode = (['rolling', 'anchored'] as const).find((m) => m === flags.mode);
  if (mode === undefined) throw new InputError(`--mode must be rolling or anchored, got "${flags.mode}"`);
  const split = {
    trainSize: wholeNumber('--train', flags.train, 2),
    testSize: wholeNumber('--test', flags.test, 1),
    mode,
  };
  const share = fraction('--calibration', flags.calibration, 1);
  const horizonBars = wholeNumber('--horizon', flags.horizon, 1);
  const cost = optionalNumber('--cost', flags.cost) ?? defaultCost(config);
  const xgboost = xgboostFlags(flags);
  const data = marketDataset(store, config, flags, 'model', { horizonBars, cost });
  const { dataset, market } = data;
  const all = labelledRows(dataset);
  if (all.rows.length <= split.trainSize)
    throw new InputError(
      `only ${count(all.rows.length)} labelled samples, not enough for --train ${split.trainSize} and a test window; ` +
        'lower --train or widen --from/--to',
    );
  const heading = { synthetic: data.synthetic, kind, market, dataset: data.summary };
  process.stdout.write(`${formatTrainHeading(heading)}\n`);

  const progress = new ProgressBar({ label: `walk-forward ${kind}`, unit: 'folds' });
  const walk = await evaluateWalkForward(dataset, {
    split,
    calibrationShare: share,
    kind,
    xgboost,
    onFold: (done, total) => progress.update({ fraction: done / total, done, total }),
  });
  progress.finish();
  const time = (i: number): number => dataset.samples[all.sampleIndex[i] ?? -1]?.time ?? 0;

  const window = Array.from({ length: split.trainSize }, (_, k) => all.rows.length - split.trainSize + k);
  const { fit, calibration } = calibrationSlice(window, share, horizonBars);
  const final = await trainModel({ dataset, train: fit, calibration, test: [], kind, xgboost });
  const artifact = { ...final.artifact, metrics: walk.pooled, market };
  const file = flags.out ?? path.join('models', `${kind}-${market.timeframe}.json`);
  await saveModel(file, artifact);

  const report: TrainReport = {
    ...heading,
    split: { ...split, calibrationShare: share },
    folds: walk.folds.map((f) => ({
      index: f.index,
      from: time(f.test[0] ?? 0),
      to: time(f.test.at(-1) ?? 0),
      fit: f.fit,
      calibration: f.calibration,
      metrics: f.metrics,
    })),
    pooled: walk.pooled,
    reliability: reliability(walk.labels, walk.probabilities),
    model: {
      file,
      trainingWindow: artifact.trainingWindow,
      fit: fit.length,
      calibration: calibration.length,
    },
    importance: featureImportance(artifact),
  };
  process.stdout.write(formatTrainResults(report));
  writeJson(flags.json, report);
}

async function runEvaluate(store: MarketStore, config: NmrbotConfig, flags: EvaluateFlags): Promise<void> {
  const artifact = await loadModel(flags.model);
  if (artifact.features.includes(REGIME_FEATURE))
    throw new InputError(
      `${flags.model}: the model uses the ${REGIME_FEATURE} column, which this command does not build`,
    );
  const trainedOn = artifact.market?.timeframe;
  if (flags.timeframe !== undefined && trainedOn !== undefined && flags.timeframe !== trainedOn)
    throw new InputError(`--timeframe ${flags.timeframe}: ${flags.model} was trained on ${trainedOn} bars`);
  const cost = optionalNumber('--cost', flags.cost) ?? artifact.cost ?? defaultCost(config);
  const data = marketDataset(store, config, { ...flags, timeframe: flags.timeframe ?? trainedOn }, 'model', {
    horizonBars: artifact.horizonBars,
    cost,
  });
  const all = labelledRows(data.dataset);
  if (all.rows.length === 0) throw new InputError('no labelled samples in the span; widen --from/--to');
  const { from, to } = artifact.trainingWindow;
  const times = all.sampleIndex.map((k) => data.dataset.samples[k]?.time ?? 0);
  const overlapping = overlapsTraining(
    times,
    artifact.trainingWindow,
    artifact.horizonBars * data.barMs,
  ).length;
  const window = `${isoTime(from).slice(0, 16)} .. ${isoTime(to).slice(0, 16)}`;
  if (overlapping > 0 && flags.allowOverlap !== true)
    throw new InputError(
      `${count(overlapping)} of ${count(times.length)} samples in the span overlap the model's training window (${window}, ` +
        `labels ${artifact.horizonBars} bar(s) ahead); evaluate on a span outside it, or pass --allow-overlap`,
    );
  const probabilities = predictArtifact(artifact, all.rows);
  const report: EvaluateReport = {
    synthetic: data.synthetic,
    model: flags.model,
    kind: artifact.kind,
    trainingWindow: artifact.trainingWindow,
    market: data.market,
    dataset: data.summary,
    overlapping,
    metrics: evaluate(all.labels, probabilities, all.returns),
    reliability: reliability(all.labels, probabilities),
  };
  process.stdout.write(formatEvaluate(report));
  writeJson(flags.json, report);
}
