import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H, T0 } from '../../backtest/test-helpers.js';
import { type EpochMs, SimClock } from '../../core/index.js';
import { MarketStore } from '../../data/index.js';
import {
  JournalWriter,
  type JournalTrade,
  PostgresTradeStore,
  PostgresWeightChangeStore,
  SqliteTradeStore,
  type TradeStore,
  openTradeStore,
} from '../../journal/index.js';
import { ensureTestDatabase, freshSchema } from '../../journal/pg-test-helpers.js';
import {
  FIXTURE_CLOCK_AT,
  journalFixtureBacktest,
  storeFixtureMarket,
} from '../../journal/test-journal-fixture.js';
import type { BacktestResult } from '../../backtest/index.js';
import { runCliCaptured } from '../run-captured.js';

/** Saturday 2025-01-11 09:00 UTC: a manual trade at the weekend (synthetic, hand-written). */
const SAT = Date.UTC(2025, 0, 11, 9) as EpochMs;
const NOTE = 'saw "delisting" rumour,\nclosed early';
const MANUAL: JournalTrade = {
  id: 1,
  symbol: 'NMR/USDT:USDT',
  side: 'long',
  signalType: 'manual',
  entryTime: SAT,
  entryPrice: 12,
  exitTime: (SAT + H) as EpochMs,
  exitPrice: 12.5,
  quantity: 10,
  leverage: 2,
  exitReason: 'manual_close',
  grossPnl: 5,
  fees: 0.1,
  funding: 0,
  slippageCost: 0,
  netPnl: 4.9,
  liquidated: false,
  origin: 'manual',
  operatorNote: NOTE,
  mood: 'anxious',
  confidence: 0.3,
};

/** Wave-bar close at hour `i` (the fixture's formula, `waveBars` in report/test-fixtures). */
const close = (i: number): number => 10 + 1.5 * Math.sin((i + 1) / 4) + 0.02 * (i + 1);

const HEADER =
  'run,trade,side,signal_type,entry_time,entry_price,exit_time,exit_price,quantity,leverage,exit_reason,gross_pnl,fees,funding,slippage_cost,net_pnl,day,origin,regime,operator_note,mood,confidence';

async function journalManualRun(journal: TradeStore): Promise<string> {
  const writer = new JournalWriter(journal, { clock: new SimClock((FIXTURE_CLOCK_AT + H) as EpochMs) });
  const id = await writer.startRun({
    id: 'live-manual-1',
    kind: 'live',
    strategy: 'manual',
    exchange: 'synthetic',
    symbol: 'NMR/USDT:USDT',
    timeframe: '1m',
    synthetic: true,
  });
  writer.onTrade(MANUAL);
  writer.onRiskDecision({
    time: SAT,
    symbol: 'NMR/USDT:USDT',
    rule: 'weekend_manual',
    outcome: 'resized',
    origin: 'manual',
    message: 'weekend: manual leverage cut to 2x',
    numbers: { asked: 5, allowed: 2 },
  });
  await writer.finishRun();
  return id;
}

/** The CSV line `nmrbot journal trades` writes for a backtest trade: every cell from the kernel's record. */
function btLine(runId: string, t: BacktestResult['trades'][number]): string {
  return [
    runId,
    t.id,
    t.side,
    t.signalType,
    new Date(t.entryTime).toISOString(),
    t.entryPrice,
    new Date(t.exitTime).toISOString(),
    t.exitPrice,
    t.quantity,
    t.leverage,
    t.exitReason,
    t.grossPnl,
    t.fees,
    t.funding,
    t.slippageCost,
    t.netPnl,
    'weekday',
    'auto',
    '',
    '',
    '',
    '',
  ].join(',');
}

describe('nmrbot journal on a SQLite journal (synthetic backtest and a hand-written manual run)', () => {
  let dir: string;
  let db: string;
  let btId: string;
  let result: BacktestResult;
  const csv = (name: string): string => path.join(dir, name);
  const read = (name: string): string => fs.readFileSync(csv(name), 'utf8');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-journal-cli-'));
    db = path.join(dir, 'store.db');
    const market = MarketStore.open(db);
    try {
      storeFixtureMarket(market);
      const journal = new SqliteTradeStore(market.db);
      ({ runId: btId, result } = await journalFixtureBacktest(market, journal));
      await journalManualRun(journal);
    } finally {
      market.close();
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) => runCliCaptured(['--store', db, 'journal', ...args]);

  it('lists the runs newest first, synthetic ones marked', async () => {
    const r = await cli('runs', '--csv', csv('runs.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`wrote 2 runs to ${csv('runs.csv')}\n`);
    expect(read('runs.csv')).toBe(
      'id,kind,strategy,exchange,symbol,timeframe,started,finished,synthetic\r\n' +
        'live-manual-1,live,manual,synthetic,NMR/USDT:USDT,1m,2025-01-10T05:00:00.000Z,2025-01-10T05:00:00.000Z,yes\r\n' +
        `${btId},backtest,flipper,testex,NMR/USDT:USDT,1h,2025-01-10T04:00:00.000Z,2025-01-10T04:00:00.000Z,yes\r\n`,
    );
    const text = await cli('runs', '--kind', 'live');
    expect(text.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['id', 'live-manual-1', '']);
  });

  it('exports the backtest trades exactly as the kernel recorded them', async () => {
    const r = await cli('trades', '--run', btId, '--csv', csv('bt.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(read('bt.csv')).toBe(
      [HEADER, ...result.trades.map((t) => btLine(btId, t))].map((l) => `${l}\r\n`).join(''),
    );
    // Hand-checked against the fixture's plan: short at the 10:00 close (bar 9), cut by the 40% margin
    // cap to floor(400 / close(9) / 0.1) x 0.1 = 36; long at 18:00, short at Tuesday 07:00.
    const rows = read('bt.csv')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows.map((c) => [c[1], c[2], c[3], c[4], c[10]])).toEqual([
      ['1', 'short', 'mean_reversion', '2025-01-06T10:00:00.000Z', 'momentum'],
      ['2', 'long', 'momentum', '2025-01-06T18:00:00.000Z', 'time_exit'],
      ['3', 'short', 'funding_reversion', '2025-01-07T07:00:00.000Z', 'stop_loss'],
    ]);
    expect(Number(rows[0]?.[5])).toBe(close(9));
    expect(rows[0]?.[8]).toBe('36');
    expect(T0).toBe(Date.UTC(2025, 0, 6));
  });

  it('quotes the operator note per RFC 4180 and shows mood and confidence', async () => {
    const r = await cli('trades', '--origin', 'manual', '--csv', csv('manual.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(read('manual.csv')).toBe(
      `${HEADER}\r\n` +
        'live-manual-1,1,long,manual,2025-01-11T09:00:00.000Z,12,2025-01-11T10:00:00.000Z,12.5,10,2,manual_close,5,0.1,0,0,4.9,weekend,manual,,' +
        '"saw ""delisting"" rumour,\nclosed early",anxious,0.3\r\n',
    );
    const text = await cli('trades', '--origin', 'manual');
    expect(text.stdout).toContain('saw "delisting" rumour, closed early  anxious  0.3');
  });

  it('filters by side, signal type, exit reason, weekday/weekend and entry time', async () => {
    const ids = async (...args: string[]): Promise<string[]> => {
      const r = await cli('trades', ...args, '--csv', csv('f.csv'));
      expect(r.code, r.stderr).toBe(0);
      return read('f.csv')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => `${l.startsWith('live') ? 'm' : 'bt'}${l.split(',')[1] ?? ''}`);
    };
    expect(await ids()).toEqual(['m1', 'bt1', 'bt2', 'bt3']);
    expect(await ids('--side', 'short')).toEqual(['bt1', 'bt3']);
    expect(await ids('--signal-type', 'momentum')).toEqual(['bt2']);
    expect(await ids('--exit-reason', 'stop_loss')).toEqual(['bt3']);
    expect(await ids('--weekend')).toEqual(['m1']);
    expect(await ids('--weekday')).toEqual(['bt1', 'bt2', 'bt3']);
    expect(await ids('--origin', 'auto')).toEqual(['bt1', 'bt2', 'bt3']);
    expect(await ids('--from', '2025-01-06T18:00:00Z', '--to', '2025-01-07T07:00:00Z')).toEqual(['bt2']);
    expect(await ids('--run', btId, '--side', 'long', '--weekday')).toEqual(['bt2']);
  });

  it('shows risk decisions by rule', async () => {
    const r = await cli('risk', '--rule', 'margin_cap', '--csv', csv('risk.csv'));
    expect(r.code, r.stderr).toBe(0);
    const rows = read('risk.csv').trim().split('\r\n');
    expect(rows[0]).toBe('run,seq,time,symbol,rule,outcome,origin,message,numbers');
    expect(rows.slice(1).map((l) => l.split(',').slice(1, 7))).toEqual([
      ['2', '2025-01-06T10:00:00.000Z', 'NMR/USDT:USDT', 'margin_cap', 'resized', 'auto'],
      ['3', '2025-01-06T18:00:00.000Z', 'NMR/USDT:USDT', 'margin_cap', 'resized', 'auto'],
    ]);
    expect(rows[1]).toContain('"{""marginAfter"":');
    expect(rows[1]).toContain('""allowedQuantity"":-36}"');
    const manual = await cli('risk', '--origin', 'manual');
    expect(manual.stdout).toContain(
      'live-manual-1  1    2025-01-11T09:00:00.000Z  NMR/USDT:USDT  weekend_manual',
    );
    const none = await cli('risk', '--rule', 'circuit_breaker');
    expect(none.stdout).toBe('no risk decisions\n');
  });

  it('reads a journal of its own with journal.url: sqlite:<path>', async () => {
    const file = path.join(dir, 'own-journal.db');
    const own = await openTradeStore(`sqlite:${file}`, () => {
      throw new Error('the market store must not be opened');
    });
    await journalManualRun(own);
    await own.close();
    const config = path.join(dir, 'sqlite-url.yaml');
    fs.writeFileSync(config, `journal:\n  url: "sqlite:${file}"\n`);
    const r = await runCliCaptured(['--config', config, 'journal', 'runs']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['id', 'live-manual-1', '']);
  });

  it('says what is wrong with a bad filter', async () => {
    const unknown = await cli('trades', '--run', 'bt-nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: --run: no journal run "bt-nope" (see nmrbot journal runs)\n');
    const both = await cli('trades', '--weekday', '--weekend');
    expect(both.stderr).toBe('error: --weekday and --weekend exclude each other\n');
    const side = await cli('trades', '--side', 'up');
    expect(side.stderr).toBe('error: --side must be long or short, got "up"\n');
  });
});

describe('nmrbot journal with journal.url on the real local PostgreSQL', () => {
  const schema = freshSchema('cli');
  let dir: string;
  let sqliteCsv: string;
  beforeAll(async () => {
    await ensureTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-journal-pg-cli-'));
    const market = MarketStore.open(path.join(dir, 'store.db'));
    const pgStore = await PostgresTradeStore.connect(schema.url);
    try {
      storeFixtureMarket(market);
      await journalFixtureBacktest(market, new SqliteTradeStore(market.db));
      await journalManualRun(new SqliteTradeStore(market.db));
      await journalFixtureBacktest(market, pgStore);
      await journalManualRun(pgStore);
    } finally {
      await pgStore.close();
      market.close();
    }
    const r = await runCliCaptured([
      '--store',
      path.join(dir, 'store.db'),
      'journal',
      'trades',
      '--csv',
      path.join(dir, 'sqlite.csv'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    sqliteCsv = fs.readFileSync(path.join(dir, 'sqlite.csv'), 'utf8');
  });
  afterAll(async () => {
    await schema.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function config(url: string): string {
    const file = path.join(dir, 'nmrbot.yaml');
    fs.writeFileSync(file, `journal:\n  url: "${url}"\n`);
    return file;
  }

  it('reads the same trades from PostgreSQL as from SQLite', async () => {
    const out = path.join(dir, 'pg.csv');
    const r = await runCliCaptured(['--config', config(schema.url), 'journal', 'trades', '--csv', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(sqliteCsv);
    expect(sqliteCsv.split('\r\n')).toHaveLength(6); // header, 4 trades, the empty rest after the last CRLF
  });

  it('journals nmrbot backtest and nmrbot review into PostgreSQL, not the store', async () => {
    const store = path.join(dir, 'bt-store.db');
    const cfg = config(schema.url);
    const bt = await runCliCaptured([
      '--store',
      store,
      '--config',
      cfg,
      'backtest',
      '--synthetic',
      '--days',
      '3',
      '--report',
      path.join(dir, 'r', 'bt.html'),
    ]);
    expect(bt.code, bt.stderr).toBe(0);
    const runId = /journal: run (\S+) in the store/.exec(bt.stdout)?.[1] ?? '';
    const listed = await runCliCaptured([
      '--config',
      cfg,
      'journal',
      'runs',
      '--kind',
      'backtest',
      '--csv',
      path.join(dir, 'bt-runs.csv'),
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    const runs = fs.readFileSync(path.join(dir, 'bt-runs.csv'), 'utf8').split('\r\n');
    expect(runs[1], 'the newest backtest run is the one just made').toMatch(
      new RegExp(`^${runId},backtest,.*,yes$`),
    );
    const local = MarketStore.open(store);
    try {
      expect(await new SqliteTradeStore(local.db).listRuns(), 'nothing journaled in the store').toEqual([]);
    } finally {
      local.close();
    }
    const review = await runCliCaptured(['--store', store, '--config', cfg, 'review', '--run', runId]);
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain(`[SYNTHETIC] Review of run ${runId}`);
    const changes = await PostgresWeightChangeStore.connect(schema.url);
    try {
      expect((await changes.weightChanges()).map((c) => [c.id, c.runId, c.applied])).toEqual([
        [1, runId, false],
      ]);
    } finally {
      await changes.close();
    }
  });

  it('names journal.url and never prints the password when the server cannot be reached', async () => {
    const r = await runCliCaptured([
      '--config',
      config('postgres://bot:hunter2-pw@127.0.0.1:1/nmrbot'),
      'journal',
      'runs',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: journal\.url: cannot use PostgreSQL at postgres:\/\/bot:\[redacted\]@127\.0\.0\.1:1\/nmrbot: /,
    );
    expect(r.stderr + r.stdout).not.toContain('hunter2-pw');
  });
});
