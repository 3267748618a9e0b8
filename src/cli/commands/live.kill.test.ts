import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBars } from '../../backtest/index.js';
import { MarketStore, importFiles } from '../../data/index.js';
import { type ExchangeDouble, startExchangeDouble } from '../../exchange-double/index.js';
import { NMR, NMR_15M_FILE } from '../../live/live-test-wiring.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SEED = 20261126;
const KILLS = 20;
/** Replay: real NMRUSDT 15m from 2025-02-01; 600 bars of history, then 1,500 bars at 15 bars a second. */
const HISTORY_BARS = 600;
const REPLAY_BARS = 1500;
const SPEED = 13_500;
/** A trading run is killed up to this long after its start line, a starting one after its spawn (uniform, seeded). */
const TRADING_KILL_MS = 2500;
const STARTUP_KILL_MS = 2000;

/** mulberry32: a small seeded PRNG, so the kill moments are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout: string;
  stderr: string;
}

describe('nmrbot live survives kill -9 (child processes on an exchange double replaying real NMRUSDT 15m)', () => {
  let dir: string;
  let double: ExchangeDouble;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-live-kill-'));
    const market = MarketStore.open(path.join(dir, 'bars.db'));
    importFiles(market, [NMR_15M_FILE], { exchange: 'binanceusdm' });
    const from = Date.UTC(2025, 1, 1);
    const spec = { exchange: 'binanceusdm', symbol: NMR, timeframe: '15m', from } as const;
    const all = loadBars(market, spec).bars;
    const to = (all.openTime[HISTORY_BARS + REPLAY_BARS] as number) + 1;
    const bars = loadBars(market, { ...spec, to }).bars;
    market.close();
    double = await startExchangeDouble({
      series: bars,
      startIndex: HISTORY_BARS,
      speed: SPEED,
      funding: { rate: 0.0001, intervalHours: 8 },
      keepRequests: 1_000_000,
      log: () => {},
    });
  });
  afterAll(async () => {
    await double?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const startLive = (): Run => {
    const args = [
      '--import',
      'tsx',
      'src/cli/live/cli-entry.ts',
      '--store',
      path.join(dir, 'journal.db'),
      'live',
      '--confirm-live',
      '--base-url',
      double.url,
      '--warm-up',
      '5d',
      '--poll-ms',
      '20',
      '--no-risk',
      '--strategy',
      'src/cli/live/hourly-test-strategy.ts',
    ];
    const env = { ...process.env };
    delete env['NMRBOT_API_KEY'];
    delete env['NMRBOT_API_SECRET'];
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = {
      child,
      exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
      stdout: '',
      stderr: '',
    };
    child.stdout?.on('data', (d: Buffer) => (run.stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (run.stderr += d.toString()));
    return run;
  };

  it('20 SIGKILLs at seeded random moments, a restart after each: position and stop match the double, one create per decision, every fill journaled', async () => {
    const random = prng(SEED);
    const killedInPosition: number[] = [];
    /** Runs killed after they printed their start line (the others died while starting up). */
    let started = 0;
    for (let k = 0; k < KILLS; k++) {
      const run = startLive();
      // Every fifth kill lands while the process starts up (connecting, reconciling, warming up);
      // the others while it trades, a random time after it printed its start line.
      const duringStartup = k % 5 === 4;
      if (!duringStartup) {
        const startedAt = Date.now();
        while (!/^live on /m.test(run.stderr) && Date.now() - startedAt < 30_000)
          await new Promise((r) => setTimeout(r, 20));
      }
      const after = random() * (duringStartup ? STARTUP_KILL_MS : TRADING_KILL_MS);
      const early = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r('alive'), after))]);
      expect(early, `run ${k} ended by itself: ${run.stderr}`).toBe('alive');
      run.child.kill('SIGKILL');
      await run.exited;
      if (double.state().position !== 0) killedInPosition.push(k);
      if (/^live on /m.test(run.stderr)) started++;
    }
    const killsBeforeEnd = double.state().ended ? 'not all' : 'all';
    const last = startLive();
    while (!double.state().ended) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 2500)); // the bot steps the last closed bar
    last.child.kill('SIGTERM');
    expect(await last.exited, last.stderr).toBe(0);

    // 1. The bot's final position and working stop are the double's.
    const st = double.state();
    const position = Number(/^position at exit: (\S+)$/m.exec(last.stdout)?.[1]);
    expect(position).toBeCloseTo(st.position, 6);
    const working = (/^working orders left on the exchange: (.*)$/m.exec(last.stdout)?.[1] ?? '').split(' ');
    const algos = double.engine.ledger.algos().filter((a) => a.algoStatus === 'NEW');
    expect(algos.map((a) => a.clientAlgoId).sort()).toEqual(st.position === 0 ? [] : [...working].sort());
    if (st.position !== 0) {
      expect(algos).toHaveLength(1);
      expect(algos[0]).toMatchObject({ reduceOnly: true, side: st.position > 0 ? 'SELL' : 'BUY' });
      expect(algos[0]?.quantity).toBeCloseTo(Math.abs(st.position), 6);
    }

    // 2. One create per decision (client id without its tag), and at most one entry per decision time.
    const creates = double.requests.filter(
      (r) =>
        r.method === 'POST' &&
        r.status === 200 &&
        (r.path === '/fapi/v1/order' || r.path === '/fapi/v1/algoOrder'),
    );
    const perDecision = new Map<string, number>();
    const entriesPerTime = new Map<string, number>();
    for (const r of creates) {
      const id = r.params['newClientOrderId'] ?? r.params['clientAlgoId'] ?? '';
      const m = /^(nb[0-9a-f]{6}-([0-9a-z]+)-[0-9a-z]+)/.exec(id);
      expect(m, `create without a client id of ours: ${id}`).not.toBeNull();
      const decision = (m as RegExpExecArray)[1] as string;
      perDecision.set(decision, (perDecision.get(decision) ?? 0) + 1);
      if (r.path === '/fapi/v1/order' && r.params['reduceOnly'] !== 'true') {
        const time = (m as RegExpExecArray)[2] as string;
        entriesPerTime.set(time, (entriesPerTime.get(time) ?? 0) + 1);
      }
    }
    expect([...perDecision].filter(([, n]) => n > 1)).toEqual([]);
    expect([...entriesPerTime].filter(([, n]) => n > 1)).toEqual([]);

    // 3. Every fill on the double is in the journal (by the process that saw it, or recovered).
    const db = new Database(path.join(dir, 'journal.db'), { readonly: true });
    try {
      const journaled = new Set(
        (db.prepare('SELECT trade_id FROM fills').all() as { trade_id: string }[]).map((r) => r.trade_id),
      );
      const onDouble = double.engine.ledger.trades().map((t) => String(t.id));
      expect(onDouble.filter((id) => !journaled.has(id))).toEqual([]);
      const runs = db.prepare("SELECT COUNT(*) AS n FROM runs WHERE kind = 'live'").get() as { n: number };
      // A run killed between creating its journal run and printing its start line counts here only.
      expect(runs.n).toBeGreaterThanOrEqual(started + 1);
      expect(runs.n).toBeLessThanOrEqual(KILLS + 1);
      const recon = db
        .prepare("SELECT message FROM run_logs WHERE message LIKE 'reconciliation %'")
        .all() as { message: string }[];
      const kinds = new Map<string, number>();
      for (const r of recon) {
        const kind = /^reconciliation (\S+):/.exec(r.message)?.[1] ?? '?';
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      const recovered = db.prepare("SELECT COUNT(*) AS n FROM fills WHERE tag = 'reconciliation'").get() as {
        n: number;
      };
      console.log(
        `kill -9 test: ${KILLS} kills (${killsBeforeEnd} before the replay ended, ${KILLS - started} while starting up, ${killedInPosition.length} with a position open), ${creates.length} creates, ` +
          `${onDouble.length} fills on the double, ${journaled.size} journaled (${recovered.n} recovered by reconciliation); ` +
          `reconciliation records: ${JSON.stringify(Object.fromEntries(kinds))}`,
      );
      expect(killedInPosition.length).toBeGreaterThanOrEqual(5);
      expect(onDouble.length).toBeGreaterThan(20);
    } finally {
      db.close();
    }
  }, 170_000);
});
