import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BacktestSpec } from '../../backtest/index.js';
import { loadBars } from '../../backtest/index.js';
import { MarketStore, importFiles } from '../../data/index.js';
import { type ExchangeDouble, startExchangeDouble } from '../../exchange-double/index.js';
import { NMR, NMR_15M_FILE } from '../../live/live-test-wiring.js';
import { runCliCaptured } from '../run-captured.js';

const KEY = 'LIVEKEYabcdef0123456789';
const SECRET = 'LIVESECRETzyxwvu9876543';

describe('nmrbot live', () => {
  let dir: string;
  let store: string[];
  const saved = { key: process.env['NMRBOT_API_KEY'], secret: process.env['NMRBOT_API_SECRET'] };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-live-'));
    store = ['--store', path.join(dir, 'store.db')];
    delete process.env['NMRBOT_API_KEY'];
    delete process.env['NMRBOT_API_SECRET'];
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of [
      ['NMRBOT_API_KEY', saved.key],
      ['NMRBOT_API_SECRET', saved.secret],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });

  it('refuses to start without --confirm-live, saying why', async () => {
    const r = await runCliCaptured([...store, 'live']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error: nmrbot live places real orders with real money on binanceusdm NMR/USDT:USDT; it starts only with --confirm-live',
    );
  });

  it('without keys in the environment (and no --base-url) names the variables to set', async () => {
    const r = await runCliCaptured([...store, 'live', '--confirm-live']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: exchange credentials are missing');
    expect(r.stderr).toContain('exchange.apiKeyEnv: environment variable NMRBOT_API_KEY is not set');
  });

  describe('on an exchange double replaying real NMRUSDT 15m', () => {
    let double: ExchangeDouble;
    beforeEach(async () => {
      const market = MarketStore.open(path.join(dir, 'bars.db'));
      importFiles(market, [NMR_15M_FILE], { exchange: 'binanceusdm' });
      const spec = { exchange: 'binanceusdm', symbol: NMR, timeframe: '15m', from: Date.UTC(2025, 1, 1) };
      const bars = loadBars(market, { ...spec, to: Date.UTC(2025, 1, 8) } as unknown as BacktestSpec).bars;
      market.close();
      double = await startExchangeDouble({
        series: bars,
        startIndex: 200,
        speed: 20_000,
        credentials: { apiKey: KEY, secret: SECRET },
        log: () => {},
      });
    });
    afterEach(async () => {
      await double.close();
    });

    it('trades --bars bars with the keys from the environment, never printing them, and journals a finished live run', async () => {
      process.env['NMRBOT_API_KEY'] = KEY;
      process.env['NMRBOT_API_SECRET'] = SECRET;
      const args = ['live', '--confirm-live', '--base-url', double.url, '--warm-up', '2d', '--poll-ms', '20'];
      const r = await runCliCaptured([...store, ...args, '--bars', '8']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Live: nmr-playbook on binanceusdm NMR/USDT:USDT 15m');
      // A strategy that trades every hour, so orders go to the double within the 8 bars.
      const hourly = path.resolve(import.meta.dirname, '../live/hourly-test-strategy.ts');
      const traded = await runCliCaptured([...store, ...args, '--bars', '8', '--strategy', hourly]);
      expect(traded.code, traded.stderr).toBe(0);
      expect(r.stdout).toMatch(/^position at exit: \S+$/m);
      for (const text of [r.stdout, r.stderr, traded.stdout, traded.stderr]) {
        expect(text).not.toContain(KEY);
        expect(text).not.toContain(SECRET);
      }
      const db = new Database(path.join(dir, 'store.db'), { readonly: true });
      try {
        const runs = db.prepare("SELECT finished_at FROM runs WHERE kind = 'live'").all() as {
          finished_at: number | null;
        }[];
        expect(runs).toHaveLength(2);
        expect(runs.every((x) => x.finished_at !== null)).toBe(true);
        const risk = db.prepare('SELECT account FROM risk_state').all() as { account: string }[];
        expect(risk.map((x) => x.account)).toEqual(['live:binanceusdm:NMR/USDT:USDT']);
        // Every order's path is journaled: one latency line per acknowledged order.
        const orders = db.prepare('SELECT count(DISTINCT client_order_id) AS n FROM orders').get() as {
          n: number;
        };
        const lines = db.prepare("SELECT message FROM run_logs WHERE message LIKE 'latency %'").all() as {
          message: string;
        }[];
        expect(orders.n).toBeGreaterThan(0);
        expect(lines).toHaveLength(orders.n);
        for (const l of lines)
          expect(l.message).toMatch(/^latency \S+ decision->send \d+\.\d{3} ms send->ack \d+\.\d{3} ms$/);
      } finally {
        db.close();
      }
    }, 60_000);
  });
});
