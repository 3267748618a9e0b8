import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, SimClock } from '../core/index.js';
import { MarketStore } from '../data/index.js';
import { RiskEngine } from './risk-engine.js';
import { MemoryRiskStateStore, SqliteRiskStateStore } from './risk-state-store.js';
import { candle, HOUR_MS, riskConfig, SYMBOL, utc } from './test-helpers.js';

const NOON = utc('2025-01-08T12:00');

/** An engine halted by a synthetic breaker trip at 13:00 and a daily loss. */
function haltedEngine(): RiskEngine {
  const engine = new RiskEngine(riskConfig(), { symbol: SYMBOL });
  engine.onEquity(NOON, 10_000);
  engine.onBar(candle(NOON, { low: 10, high: 11 }), (NOON + HOUR_MS) as never);
  engine.onEquity((NOON + HOUR_MS) as never, 9_000);
  return engine;
}

describe('SqliteRiskStateStore (state from a synthetic trip and loss)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-risk-state-'));
    file = path.join(dir, 'store.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips a snapshot through a real SQLite file, and a restored engine keeps its halts', () => {
    const before = haltedEngine();
    const writer = MarketStore.open(file);
    new SqliteRiskStateStore(writer.db, new SimClock(NOON)).save('main', before.snapshot());
    writer.close();

    const reader = MarketStore.open(file);
    try {
      const store = new SqliteRiskStateStore(reader.db);
      const loaded = store.load('main');
      expect(loaded).toEqual(before.snapshot());
      expect(store.load('other'), 'an account never saved').toBeUndefined();
      const row = reader.db.prepare('SELECT updated_at FROM risk_state WHERE account = ?').get('main');
      expect(row).toEqual({ updated_at: NOON });

      const after = new RiskEngine(riskConfig(), { symbol: SYMBOL, state: loaded });
      expect(after.view((NOON + 2 * HOUR_MS) as never)).toMatchObject({
        haltRule: 'daily_loss_halt',
        haltedUntil: utc('2025-01-09T00:00'),
      });
      expect(after.snapshot()).toEqual(before.snapshot());
    } finally {
      reader.close();
    }
  });

  it('overwrites the account row on a later save', () => {
    const store = MarketStore.open(file);
    try {
      const states = new SqliteRiskStateStore(store.db);
      states.save('main', haltedEngine().snapshot());
      const fresh = new RiskEngine(riskConfig(), { symbol: SYMBOL }).snapshot();
      states.save('main', fresh);
      expect(states.load('main')).toEqual(fresh);
      expect(store.db.prepare('SELECT count(*) FROM risk_state').pluck().get()).toBe(1);
    } finally {
      store.close();
    }
  });

  it('names the account on a corrupt row instead of resetting the state', () => {
    const store = MarketStore.open(file);
    try {
      const insert = store.db.prepare('INSERT INTO risk_state (account, state, updated_at) VALUES (?, ?, 0)');
      insert.run('broken-json', '{"version":1,');
      insert.run('wrong-shape', JSON.stringify({ version: 1, haltedUntil: 'soon', haltRule: null }));
      const states = new SqliteRiskStateStore(store.db);
      expect(() => states.load('broken-json')).toThrow(InputError);
      expect(() => states.load('broken-json')).toThrow(
        /^stored risk state of account "broken-json" is not valid JSON \(.+\); fix or delete its row in risk_state/,
      );
      expect(() => states.load('wrong-shape')).toThrow(
        /^stored risk state of account "wrong-shape" is invalid: haltedUntil: .*; lastBreakerTrip: .*; fix or delete its row in risk_state \(nmrbot does not reset a halt on its own\)$/,
      );
      expect(store.db.prepare('SELECT count(*) FROM risk_state').pluck().get(), 'nothing deleted').toBe(2);
    } finally {
      store.close();
    }
  });
});

describe('MemoryRiskStateStore', () => {
  it('keeps copies, not the caller’s objects', () => {
    const store = new MemoryRiskStateStore();
    const state = haltedEngine().snapshot();
    store.save('main', state);
    const loaded = store.load('main');
    expect(loaded).toEqual(state);
    expect(loaded).not.toBe(state);
  });
});
