import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JournalApiState } from '../../api/journal-state/index.js';
import { MarketStore } from '../../data/index.js';
import { SqliteTradeStore } from '../../journal/index.js';
import { journalFixtureBacktest, storeFixtureMarket } from '../../journal/test-journal-fixture.js';
import { runCli } from '../index.js';
import { runCliCaptured } from '../run-captured.js';
import { pollSeconds } from './dashboard.js';

/** A port that was free a moment ago (the kernel picks it; the listener is closed at once). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('nmrbot dashboard (CLI, SQLite journal in the store, SYNTHETIC backtest)', () => {
  let dir: string;
  let db: string;
  let runId: string;
  let trades: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-dashboard-cli-'));
    db = path.join(dir, 'store.db');
    const market = MarketStore.open(db);
    try {
      storeFixtureMarket(market);
      const result = await journalFixtureBacktest(market, new SqliteTradeStore(market.db));
      runId = result.runId;
      trades = result.result.trades.length;
    } finally {
      market.close();
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves the page and the run state on --port until SIGTERM', async () => {
    const port = await freePort();
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
    const listenersBefore = process.listenerCount('SIGTERM');
    const running = runCli([
      'node',
      'nmrbot',
      '--store',
      db,
      'dashboard',
      '--port',
      String(port),
      '--poll',
      '0.2',
    ]);
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor('the dashboard URL on stderr', () =>
        Promise.resolve(stderr.includes(`dashboard: ${url}/`) ? true : undefined),
      );
      expect(stderr).toBe(
        `dashboard: ${url}/ (journal run ${runId}: backtest flipper NMR/USDT:USDT 1h, SYNTHETIC; ` +
          'reading every 0.2 s; controls refused: read only)\n',
      );
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<title>nmrbot dashboard</title>');
      const state = (await (await fetch(`${url}/api/state`)).json()) as JournalApiState;
      expect(state.journal.runId).toBe(runId);
      expect(state.journal.tradeCount).toBe(trades);
      expect(state.recentTrades).toHaveLength(trades);
      // The fixture's run config carries no starting balance: shown as unknown, not guessed.
      expect(state.account.startingEquity).toBeNull();
      expect(state.journal.unknown).toContain('account.startingEquity');
      expect(process.listenerCount('SIGTERM')).toBe(listenersBefore + 1);
    } finally {
      process.emit('SIGTERM');
      const code = await running;
      spy.mockRestore();
      expect(code, stderr).toBe(0);
    }
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
    await expect(fetch(`http://127.0.0.1:${port}/api/state`)).rejects.toThrow();
  });

  it('refuses an unknown --run, listing the runs there are', async () => {
    const r = await runCliCaptured(['--store', db, 'dashboard', '--run', 'bt-nope', '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: --run: no journal run "bt-nope"; the newest is: ${runId} (backtest, started 2025-01-10T04:00:00.000Z) ` +
        '(nmrbot journal runs lists them all)\n',
    );
  });

  it('refuses a port in use and bad flags', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const r = await runCliCaptured(['--store', db, 'dashboard', '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `error: --port: 127.0.0.1:${port} is already in use (pick another with --port, 0 = any free one)\n`,
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
    const bad = await runCliCaptured(['--store', db, 'dashboard', '--port', 'http']);
    expect(bad.stderr).toBe('error: --port: expected a port number 0-65535, got "http"\n');
    expect(() => pollSeconds('0')).toThrow(
      '--poll: expected seconds between polls, more than 0 and at most 3600, got "0"',
    );
    expect(() => pollSeconds('')).toThrow('--poll');
    expect(pollSeconds('0.5')).toBe(0.5);
  });
});
