import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs } from '../../core/index.js';
import { AltDataStore, MarketStore } from '../../data/index.js';
import { SqliteTradeStore } from '../../journal/index.js';
import { type BinanceUsdmDouble, startBinanceUsdmDouble } from '../../../test/doubles/binance-usdm/index.js';
import { runCliCaptured } from '../run-captured.js';

describe('nmrbot backtest', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-bt-cli-'));
    db = path.join(dir, 'store.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs on a generated market with --synthetic and labels every output SYNTHETIC', async () => {
    const json = path.join(dir, 'out.json');
    const report = path.join(dir, 'reports', 'run.html');
    const r = await runCliCaptured([
      '--store',
      db,
      'backtest',
      '--synthetic',
      '--days',
      '5',
      '--seed',
      '3',
      '--json',
      json,
      '--report',
      report,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[SYNTHETIC] Backtest: nmr-playbook on synthetic-bt-3-5d NMR/USDT:USDT 15m');
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      counts: { bars: number };
      synthetic: boolean;
      spec: { risk?: { maxLeverage: number } };
    };
    expect(doc.counts.bars, 'five days of 15-minute bars').toBe(480);
    expect(doc.spec.risk?.maxLeverage, 'the risk engine is on by default').toBe(3);
    expect(doc.synthetic).toBe(true);
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toContain('[SYNTHETIC]');
    const store = MarketStore.open(db);
    try {
      const runs = await new SqliteTradeStore(store.db).listRuns();
      expect(runs.map((run) => [run.kind, run.strategy, run.synthetic])).toEqual([
        ['backtest', 'nmr-playbook', true],
      ]);
    } finally {
      store.close();
    }
  });

  it('replays stored feed data to the strategy at each availableAt (SYNTHETIC sentiment rows)', async () => {
    // The first run generates the synthetic market; then sentiment rows are stored for the span.
    const first = await runCliCaptured([
      '--store',
      db,
      'backtest',
      '--synthetic',
      '--days',
      '2',
      '--no-risk',
    ]);
    expect(first.code, first.stderr).toBe(0);
    const start = Date.UTC(2025, 0, 1);
    const store = MarketStore.open(db);
    try {
      new AltDataStore(store.db).upsert(
        Array.from({ length: 24 }, (_, h) => ({
          source: 'sentiment',
          key: 'sentiment_score',
          eventTime: epochMs(start + h * 3_600_000),
          availableAt: epochMs(start + (h + 1) * 3_600_000),
          value: h % 2 === 0 ? 0.5 : -0.5,
          synthetic: true,
        })),
      );
    } finally {
      store.close();
    }
    const strategyFile = path.join(dir, 'data-logger.ts');
    fs.writeFileSync(
      strategyFile,
      [
        "import type { StrategyFactory } from '" + path.resolve('src/strategy/index.js') + "';",
        'export const createStrategy: StrategyFactory = () => ({',
        "  name: 'data-logger',",
        '  onData(event, ctx) {',
        '    ctx.log(`${event.source}/${event.key} ${event.value} known ${ctx.now() - event.availableAt} ms late`);',
        '  },',
        '});',
      ].join('\n'),
    );
    const r = await runCliCaptured([
      '--store',
      db,
      'backtest',
      '--synthetic',
      '--days',
      '2',
      '--strategy',
      strategyFile,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'alt data replayed: numerai 0, onchain 0, sentiment 24 rows (includes SYNTHETIC rows)',
    );
    const check = MarketStore.open(db);
    try {
      const trades = new SqliteTradeStore(check.db);
      const run = (await trades.listRuns()).find((x) => x.strategy === 'data-logger');
      const logs = await trades.logs(run?.id ?? '');
      expect(logs).toHaveLength(24);
      expect(
        logs.every((l) => l.message.endsWith('known 0 ms late')),
        'delivered exactly at availableAt',
      ).toBe(true);
      expect(logs[0]?.message).toBe('sentiment/sentiment_score 0.5 known 0 ms late');
    } finally {
      check.close();
    }
  });

  it('passes --param values to the strategy and journals them with the run', async () => {
    const run = async (...extra: string[]) => {
      const json = path.join(dir, `p${extra.length}.json`);
      const args = ['--store', db, 'backtest', '--synthetic', '--days', '5', '--strategy', 'ema-cross'];
      const r = await runCliCaptured([...args, '--timeframe', '1h', '--no-risk', '--json', json, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(fs.readFileSync(json, 'utf8')) as { metrics: { trades: number } };
    };
    const slow = await run();
    const fast = await run('--param', 'fast=3', '--param', 'slow=5');
    expect(fast.metrics.trades, 'EMA(3)/EMA(5) flips more often than EMA(12)/EMA(26)').toBeGreaterThan(
      slow.metrics.trades,
    );
    const store = MarketStore.open(db);
    try {
      const runs = await new SqliteTradeStore(store.db).listRuns();
      const configs = runs.map((r) => (r.config as { strategyParams: unknown }).strategyParams);
      expect(configs).toContainEqual({ fast: 3, slow: 5 });
    } finally {
      store.close();
    }
    const bad = await runCliCaptured(['--store', db, 'backtest', '--synthetic', '--param', 'oops']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--param "oops": write name=value');
  });

  it('says which import would fill the gap when the store is empty and downloads are off', async () => {
    const r = await runCliCaptured([
      '--store',
      db,
      'backtest',
      '--no-download',
      '--from',
      '2025-01-01',
      '--to',
      '2025-02-01',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no stored binanceusdm NMR/USDT:USDT candles 2025-01-01T00:00:00.000Z');
    expect(r.stderr).toContain('nmrbot data import <files> --exchange binanceusdm');
    expect(r.stderr).toContain('nmrbot backtest --synthetic');
  });

  it('refuses a leverage above the risk profile cap', async () => {
    const r = await runCliCaptured([
      '--store',
      db,
      'backtest',
      '--synthetic',
      '--days',
      '1',
      '--leverage',
      '4',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--leverage must be a number above 0 and at most 3');
  });

  describe('with missing history', () => {
    let double: BinanceUsdmDouble;
    beforeEach(async () => {
      double = await startBinanceUsdmDouble();
    });
    afterEach(async () => double.close());

    it('downloads real NMR 1m candles through ccxt first, then runs on them', async () => {
      const r = await runCliCaptured([
        '--store',
        db,
        'backtest',
        '--from',
        '2025-06-17',
        '--to',
        '2025-06-22',
        '--timeframe',
        '15m',
        '--base-url',
        double.url,
        '--json',
        path.join(dir, 'real.json'),
        '--report',
        path.join(dir, 'real.html'),
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(double.requestsTo('/fapi/v1/klines').length, 'candles came from the exchange').toBeGreaterThan(
        0,
      );
      const doc = JSON.parse(fs.readFileSync(path.join(dir, 'real.json'), 'utf8')) as {
        counts: { bars: number };
        synthetic: boolean;
        fundingCoverage: { constant: number; real: number };
      };
      expect(doc.counts.bars, 'five days of 15m bars built from the real 1m file').toBe(480);
      expect(doc.synthetic).toBe(false);
      expect(doc.fundingCoverage.real, 'no real funding in June 2025 here: the constant fills in').toBe(0);
      expect(r.stdout).not.toContain('[SYNTHETIC]');
    });
  });
});
