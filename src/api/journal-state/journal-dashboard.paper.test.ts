import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/run-captured.js';
import { MarketStore } from '../../data/index.js';
import { type Journal, openJournal } from '../../journal/index.js';
import { StreamClient } from '../test-helpers.js';
import { type JournalDashboard, startJournalDashboard } from './journal-dashboard.js';
import type { JournalApiState } from './journal-state.js';

const FILE = path.resolve(
  import.meta.dirname,
  '../../../../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);

describe('nmrbot dashboard following a replayed paper session in the same store (real NMRUSDT 15m)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-journal-dash-paper-'));
    db = path.join(dir, 'store.db');
    const imported = await runCliCaptured([
      '--store',
      db,
      'data',
      'import',
      '--exchange',
      'binanceusdm',
      FILE,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('pushes the run as the session journals it, and ends on the journal rows', async () => {
    const paper = runCliCaptured([
      '--store',
      db,
      'paper',
      '--replay',
      '--from',
      '2025-03-01',
      '--warm-up',
      '10d',
      '--speed',
      '30000',
      '--bars',
      '400',
    ]);
    const market = MarketStore.open(db);
    let journal: Journal | undefined;
    let dashboard: JournalDashboard | undefined;
    let stream: StreamClient | undefined;
    try {
      journal = await openJournal(undefined, () => market.db);
      const j = journal;
      // The session creates its run first; the dashboard then shows the newest run.
      for (let i = 0; (await j.trades.listRuns({ kind: 'paper' })).length === 0; i++) {
        if (i > 400) throw new Error('no paper run journaled after 20 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      dashboard = await startJournalDashboard({
        journal,
        port: 0,
        pollMs: 100,
        tokenEnv: 'NMRBOT_TEST_UNSET',
      });
      expect(dashboard.run.kind).toBe('paper');
      stream = await StreamClient.connect(`${dashboard.server.url.replace('http', 'ws')}/api/stream`);
      const result = await paper;
      expect(result.code, result.stderr).toBe(0);
      const runId = dashboard.run.id;
      const finished = (
        await stream.next((m) => (m.state as unknown as JournalApiState).journal.finishedAt !== null)
      ).state as unknown as JournalApiState;

      const states = stream.messages.map((m) => m.state as unknown as JournalApiState);
      const during = states.filter((s) => s.journal.finishedAt === null && s.time !== null);
      expect(
        new Set(during.map((s) => s.time)).size,
        'several bars pushed while the session ran',
      ).toBeGreaterThan(2);
      for (let i = 1; i < during.length; i++) {
        expect(during[i]?.time ?? 0).toBeGreaterThanOrEqual(during[i - 1]?.time ?? 0);
      }
      // No equity rows while it runs: equity from the starting balance and the fills.
      expect(
        during.some((s) => s.journal.equitySource === 'fills' && Number.isFinite(s.account.equity)),
      ).toBe(true);

      const trades = await journal.trades.trades(runId);
      const equity = await journal.trades.equity(runId);
      expect(finished.journal.tradeCount).toBe(trades.length);
      expect(trades.length, 'the playbook trades in 400 bars of March 2025').toBeGreaterThan(0);
      expect(finished.account.realisedPnl).toBe(trades.reduce((s, t) => s + t.netPnl, 0));
      expect(finished.journal.equitySource).toBe('equity table');
      expect(finished.account.equity).toBe(equity[equity.length - 1]?.equity);
      // The dashboard's figures agree with the session's own summary (two decimals as printed).
      const line = (label: string): string =>
        (new RegExp(`^${label} +(-?[\\d,]+\\.\\d\\d)`, 'm').exec(result.stdout)?.[1] ?? 'missing').replace(
          /,/g,
          '',
        );
      expect(finished.account.equity.toFixed(2)).toBe(line('Final equity'));
      expect(finished.account.fees.toFixed(2)).toBe(line('Fees'));
      expect(finished.account.funding.toFixed(2)).toBe(
        (Number(line('Funding received')) - Number(line('Funding paid'))).toFixed(2),
      );
      expect(String(finished.journal.tradeCount)).toBe(/^Trades +(\d+)/m.exec(result.stdout)?.[1]);
    } finally {
      await stream?.close();
      await dashboard?.close();
      await journal?.close();
      market.close();
      await paper.catch(() => undefined);
    }
  }, 180_000);
});
