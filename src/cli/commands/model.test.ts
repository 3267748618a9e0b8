import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import { AltDataStore, CandleSeries, MarketStore, SynthRandom } from '../../data/index.js';
import type { ModelMetrics, XgboostArtifact } from '../../research/model/index.js';
import { runCliCaptured } from '../run-captured.js';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const BARS = 2400;
const EXCHANGE = 'plantedsynth';

/**
 * A SYNTHETIC planted market in a SQLite store: 1h bars of NMR/USDT:USDT under the exchange
 * `plantedsynth`, and a sentiment score s stored as alt data available at each bar's close; the next
 * bar's log return is 0.01 s plus noise of 0.005, so sentiment predicts the 1-bar move.
 */
function writePlantedStore(file: string): void {
  const rng = new SynthRandom(7);
  const candles = [];
  const sentiment = [];
  let price = 10;
  let s = 0;
  for (let i = 0; i < BARS; i++) {
    const open = price;
    price *= Math.exp(0.01 * s + 0.005 * rng.normal());
    const openTime = (START + i * HOUR) as EpochMs;
    candles.push({
      openTime,
      open,
      high: Math.max(open, price),
      low: Math.min(open, price),
      close: price,
      volume: 100,
    });
    s = rng.uniform() * 2 - 1;
    const close = (openTime + HOUR) as EpochMs;
    sentiment.push({
      source: 'sentiment',
      key: 'sentiment_score',
      eventTime: (close - 1) as EpochMs,
      availableAt: close,
      value: s,
      synthetic: true,
    });
  }
  const store = MarketStore.open(file);
  try {
    const key = {
      exchange: EXCHANGE,
      symbol: 'NMR/USDT:USDT',
      kind: 'candles' as const,
      timeframe: '1h' as const,
    };
    store.upsertCandles(key, CandleSeries.fromCandles('1h', candles), {
      synthetic: true,
      source: 'model.test planted market',
    });
    new AltDataStore(store.db).upsert(sentiment);
  } finally {
    store.close();
  }
}

describe('nmrbot model train and evaluate on a SYNTHETIC planted market', () => {
  let dir: string;
  let base: string[];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-model-cli-'));
    writePlantedStore(path.join(dir, 'store.db'));
    fs.writeFileSync(path.join(dir, 'nmrbot.yaml'), `exchange:\n  id: ${EXCHANGE}\n`);
    base = ['--store', path.join(dir, 'store.db'), '--config', path.join(dir, 'nmrbot.yaml')];
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const modelFile = (): string => path.join(dir, 'models', 'trees.json');

  it('trains trees walk-forward, prints folds, pooled metrics and reliability, and saves the artifact', async () => {
    const json = path.join(dir, 'train.json');
    const r = await runCliCaptured([
      ...base,
      'model',
      'train',
      '--kind',
      'xgboost',
      '--timeframe',
      '1h',
      '--from',
      '2024-01-01',
      '--to',
      '2024-03-11',
      '--horizon',
      '1',
      '--train',
      '600',
      '--test',
      '300',
      '--out',
      modelFile(),
      '--json',
      json,
    ]);
    expect(r.code, r.stderr).toBe(0);
    console.log(r.stdout);
    expect(r.stdout).toContain(`[SYNTHETIC] Model train: xgboost on ${EXCHANGE} NMR/USDT:USDT 1h`);
    expect(r.stderr).toContain('walk-forward xgboost  done');
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      synthetic: boolean;
      dataset: { bars: number; labelled: number };
      folds: { metrics: ModelMetrics }[];
      pooled: ModelMetrics;
      importance: { feature: string }[];
    };
    // 1,680 bars (70 days); samples start where momentum's 72 h are warm; the last has no label.
    expect(report.dataset.bars).toBe(1680);
    expect(report.synthetic).toBe(true);
    expect(report.folds.length).toBe(Math.ceil((report.dataset.labelled - 600) / 300));
    expect(report.pooled.samples).toBe(report.dataset.labelled - 600);
    expect(report.pooled.auc ?? 0, 'the planted sentiment is found out of sample').toBeGreaterThan(0.8);
    expect(report.importance[0]?.feature).toBe('sentiment');
    expect(r.stdout).toMatch(
      new RegExp(`^pooled +${report.pooled.samples} +${report.pooled.auc?.toFixed(3)} `, 'm'),
    );
    expect(r.stdout).toMatch(
      /^Reliability \(pooled out-of-sample forecasts\)\nforecast +n +mean forecast +observed$/m,
    );

    const artifact = JSON.parse(fs.readFileSync(modelFile(), 'utf8')) as XgboostArtifact;
    expect(artifact.kind).toBe('xgboost');
    expect(artifact.market).toEqual({ exchange: EXCHANGE, symbol: 'NMR/USDT:USDT', timeframe: '1h' });
    expect(artifact.metrics).toEqual(report.pooled);
    expect(artifact.horizonBars).toBe(1);
    // The final model sees the last 600 labelled samples; the last label needs the bar after it, so
    // the window ends at the close of the second-to-last bar (2024-03-10T22:00 open + 1 h).
    expect(artifact.trainingWindow.to).toBe(Date.UTC(2024, 2, 10, 23));
    expect(artifact.trainingWindow.from).toBe(artifact.trainingWindow.to - 599 * HOUR);
    expect(r.stdout).toContain(`Model written to ${modelFile()}`);
  });

  it('evaluates the saved model on a later span out of sample', async () => {
    const json = path.join(dir, 'evaluate.json');
    const r = await runCliCaptured([
      ...base,
      'model',
      'evaluate',
      '--model',
      modelFile(),
      '--from',
      '2024-03-12',
      '--to',
      '2024-04-10',
      '--json',
      json,
    ]);
    expect(r.code, r.stderr).toBe(0);
    console.log(r.stdout);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      overlapping: number;
      metrics: ModelMetrics;
    };
    expect(report.overlapping).toBe(0);
    expect(report.metrics.auc ?? 0).toBeGreaterThan(0.8);
    expect(r.stdout).toContain('Out of sample: no sample shares price data with the training window');
    expect(r.stdout).toMatch(
      new RegExp(`^${report.metrics.samples} +${report.metrics.auc?.toFixed(3)} `, 'm'),
    );
  });

  it('refuses a span that overlaps the training window unless --allow-overlap', async () => {
    const args = [
      ...base,
      'model',
      'evaluate',
      '--model',
      modelFile(),
      '--from',
      '2024-03-01',
      '--to',
      '2024-03-20',
    ];
    const refused = await runCliCaptured(args);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /samples in the span overlap the model's training window \(2024-02-\d\dT\d\d:00 \.\. 2024-03-10T23:00, labels 1 bar\(s\) ahead\); evaluate on a span outside it, or pass --allow-overlap/,
    );
    const allowed = await runCliCaptured([...args, '--allow-overlap']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/WARNING: \d+ samples overlap the training window/);
  });

  it('names a bad model file and a bad flag', async () => {
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify({ kind: 'xgboost', version: 1 }));
    const r = await runCliCaptured([...base, 'model', 'evaluate', '--model', broken]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${broken}: field features:`);
    const kind = await runCliCaptured([...base, 'model', 'train', '--kind', 'forest']);
    expect(kind.stderr).toContain('--kind must be logistic or xgboost, got "forest"');
  });
});

const REAL_1H = path.resolve(
  import.meta.dirname,
  '../../../../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_1h_365.csv',
);

describe('nmrbot model on the REAL 365-day Binance USD-M NMRUSDT 1h file (reported, not judged)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-model-real-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains both kinds on 2024-10-23 .. 2025-07-01 and evaluates them on the rest', async () => {
    const store = ['--store', path.join(dir, 'store.db')];
    const imported = await runCliCaptured([...store, 'data', 'import', '--exchange', 'binanceusdm', REAL_1H]);
    expect(imported.code, imported.stderr).toBe(0);
    for (const kind of ['logistic', 'xgboost']) {
      const out = path.join(dir, `${kind}.json`);
      const train = await runCliCaptured([
        ...store,
        'model',
        'train',
        '--kind',
        kind,
        '--timeframe',
        '1h',
        '--from',
        '2024-10-23',
        '--to',
        '2025-07-01',
        '--out',
        out,
      ]);
      expect(train.code, train.stderr).toBe(0);
      console.log(train.stdout);
      expect(train.stdout).not.toContain('SYNTHETIC');
      const evaluated = await runCliCaptured([
        ...store,
        'model',
        'evaluate',
        '--model',
        out,
        '--from',
        '2025-07-02',
        '--to',
        '2025-10-24',
      ]);
      expect(evaluated.code, evaluated.stderr).toBe(0);
      console.log(evaluated.stdout);
      expect(evaluated.stdout).toContain(
        'Out of sample: no sample shares price data with the training window',
      );
    }
  });
});
