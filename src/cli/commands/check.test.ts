import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERP } from '../../../test/real-data/shared-data.js';
import { saveModel, trainModel } from '../../research/model/index.js';
import { plantedSentimentDataset } from '../../research/model/test-fixtures.js';
import { runCliCaptured } from '../run-captured.js';

const REAL_15M = path.join(
  PERP,
  'binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);

describe('nmrbot check lookahead', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-check-cli-'));
    db = path.join(dir, 'store.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes the playbook signals on a generated market with --synthetic, labelled SYNTHETIC (exit 0)', async () => {
    const r = await runCliCaptured([
      '--store',
      db,
      'check',
      'lookahead',
      '--synthetic',
      '--days',
      '5',
      '--cuts',
      '20',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '[SYNTHETIC] look-ahead check: PlaybookSignals on synthetic-la-1-5d NMR/USDT:USDT 15m',
    );
    expect(r.stdout).toContain('480 bars 2025-01-01T00:00:00.000Z → 2025-01-06T00:00:00.000Z; 20 cuts');
    expect(r.stdout).toMatch(/signal +cuts +differences +warm-up bars needed +declared +verdict/);
    for (const name of ['momentum', 'mean_reversion', 'funding', 'network', 'sentiment'])
      expect(r.stdout).toMatch(new RegExp(`^${name} +20 +0 +\\d+ +\\d+ +ok$`, 'm'));
    expect(r.stdout).toContain('look-ahead check passed');
  });

  it('also compares the combiner model and the final score when signals.combiner uses a model', async () => {
    // A logistic model trained on the SYNTHETIC planted-sentiment market, then checked on the
    // generated market: the model's probability and the ai score must pass like every signal.
    const indices = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    const { artifact } = await trainModel({
      dataset: plantedSentimentDataset(21, 600),
      train: indices(0, 400),
      calibration: indices(401, 150),
      test: indices(552, 40),
    });
    const model = path.join(dir, 'model.json');
    await saveModel(model, artifact);
    const config = path.join(dir, 'nmrbot.yaml');
    fs.writeFileSync(config, `signals:\n  combiner:\n    mode: ai\n    model: ${model}\n`);
    const args = ['--store', db, '--config', config, 'check', 'lookahead', '--synthetic', '--days', '5'];
    const r = await runCliCaptured([...args, '--cuts', '10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '[SYNTHETIC] look-ahead check: PlaybookSignals and the logistic model (signals.combiner.mode ai) on synthetic-la-1-5d',
    );
    for (const name of ['momentum', 'sentiment', 'model', 'score'])
      expect(r.stdout).toMatch(new RegExp(`^${name} +10 +0 +\\d+ +\\d+ +ok$`, 'm'));
    fs.writeFileSync(model, JSON.stringify({ ...artifact, features: artifact.features.slice(0, 8) }));
    const stale = await runCliCaptured(args);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`signals.combiner.model: ${model}: field`);
  });

  it('checks stored real candles over --from/--to and says which feeds were replayed', async () => {
    const imported = await runCliCaptured([
      '--store',
      db,
      'data',
      'import',
      REAL_15M,
      '--exchange',
      'binanceusdm',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const r = await runCliCaptured([
      '--store',
      db,
      'check',
      'lookahead',
      '--from',
      '2025-03-01',
      '--to',
      '2025-03-15',
      '--cuts',
      '10',
      '--seed',
      '4',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('look-ahead check: PlaybookSignals on binanceusdm NMR/USDT:USDT 15m');
    expect(r.stdout).not.toContain('[SYNTHETIC]');
    expect(r.stdout).toContain('1,344 bars 2025-03-01T00:00:00.000Z → 2025-03-15T00:00:00.000Z; 10 cuts');
    expect(r.stderr).toContain('alt data replayed: numerai 0, onchain 0, sentiment 0 rows');
  });

  it('exits 1 naming the problem on an empty store or a bad option', async () => {
    const empty = await runCliCaptured([
      '--store',
      db,
      'check',
      'lookahead',
      '--from',
      '2025-01-01',
      '--to',
      '2025-02-01',
    ]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no 15m (or finer) candles stored for binanceusdm NMR/USDT:USDT');
    const cuts = await runCliCaptured(['--store', db, 'check', 'lookahead', '--synthetic', '--cuts', '0']);
    expect(cuts.code).toBe(1);
    expect(cuts.stderr).toContain('--cuts must be a whole number >= 1, got "0"');
  });
});
