import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BacktestSpec } from '../../backtest/index.js';
import { loadBars } from '../../backtest/index.js';
import { MarketStore, importFiles } from '../../data/index.js';
import { type ExchangeDouble, startExchangeDouble } from '../../exchange-double/index.js';
import { SqliteWeightChangeStore } from '../../journal/index.js';
import { NMR, NMR_15M_FILE } from '../../live/live-test-wiring.js';
import { runCliCaptured } from '../run-captured.js';

const KEY = 'REVIEWKEYabcdef012345';
const SECRET = 'REVIEWSECRETzyxwvu987';
const DAY = 86_400_000;

describe('nmrbot live: the weekly review on the live weights (scope default), on an exchange double', () => {
  let dir: string;
  let double: ExchangeDouble;
  const saved = { key: process.env['NMRBOT_API_KEY'], secret: process.env['NMRBOT_API_SECRET'] };
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-live-review-'));
    const market = MarketStore.open(path.join(dir, 'bars.db'));
    importFiles(market, [NMR_15M_FILE], { exchange: 'binanceusdm' });
    const spec = { exchange: 'binanceusdm', symbol: NMR, timeframe: '15m', from: Date.UTC(2025, 1, 1) };
    const bars = loadBars(market, { ...spec, to: Date.UTC(2025, 2, 1) } as unknown as BacktestSpec).bars;
    market.close();
    double = await startExchangeDouble({
      series: bars,
      startIndex: 2 * 96,
      speed: 200_000,
      credentials: { apiKey: KEY, secret: SECRET },
      log: () => {},
    });
    process.env['NMRBOT_API_KEY'] = KEY;
    process.env['NMRBOT_API_SECRET'] = SECRET;
  });
  afterEach(async () => {
    await double.close();
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of [
      ['NMRBOT_API_KEY', saved.key],
      ['NMRBOT_API_SECRET', saved.secret],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });

  it('starts from the current default weights, reviews after 7 traded days and applies with autoApply', async () => {
    const db = path.join(dir, 'store.db');
    const planted = { price: 0.5, network: 0.3, sentiment: 0.2 };
    const market = MarketStore.open(db);
    try {
      await new SqliteWeightChangeStore(market.db).record({
        time: Date.UTC(2025, 0, 1),
        runId: 'an-earlier-review',
        oldWeights: { price: 0.4, network: 0.35, sentiment: 0.25 },
        proposed: planted,
        applied: true,
        evidence: {},
      });
    } finally {
      market.close();
    }
    const config = path.join(dir, 'nmrbot.yaml');
    fs.writeFileSync(config, 'journal:\n  review:\n    autoApply: true\n');
    const args = ['--store', db, '--config', config, 'live', '--confirm-live', '--base-url', double.url];
    const r = await runCliCaptured([...args, '--warm-up', '2d', '--poll-ms', '5', '--bars', String(9 * 96)]);
    expect(r.code, r.stderr).toBe(0);
    const read = new Database(db, { readonly: true });
    try {
      const run = read.prepare("SELECT id, config FROM runs WHERE kind = 'live'").get() as {
        id: string;
        config: string;
      };
      const { tradeFrom } = JSON.parse(run.config) as { tradeFrom: number };
      const reviews = read
        .prepare('SELECT id, time, old_weights, applied FROM weight_changes WHERE run_id = ? ORDER BY id')
        .all(run.id) as { id: number; time: number; old_weights: string; applied: number }[];
      expect(reviews).toHaveLength(1);
      expect(reviews[0]?.applied).toBe(1);
      expect(JSON.parse(reviews[0]?.old_weights ?? '{}')).toEqual(planted);
      // Trading starts at the bar forming when the bot starts; the review comes 7 days of market time later.
      expect(reviews[0]?.time).toBe(tradeFrom + 7 * DAY);
      const scopes = read.prepare('SELECT scope, change_id FROM current_weights ORDER BY scope').all();
      expect(scopes).toEqual([{ scope: 'default', change_id: reviews[0]?.id }]);
      const first = read
        .prepare(
          "SELECT detail FROM decisions WHERE run_id = ? AND kind = 'target' AND time < ? ORDER BY seq LIMIT 1",
        )
        .get(run.id, reviews[0]?.time) as { detail: string } | undefined;
      expect(first, 'the playbook made a decision in the first week').toBeDefined();
      const families = (
        JSON.parse(first?.detail ?? '{}') as { snapshot: { families: Record<string, { weight: number }> } }
      ).snapshot.families;
      expect(families['price']?.weight).toBe(planted.price);
    } finally {
      read.close();
    }
  }, 120_000);
});
