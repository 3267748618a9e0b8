import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BacktestResult, runBacktest } from '../../src/backtest/index.js';
import { type TempStore, tempStore } from '../../src/backtest/test-helpers.js';
import { specFromConfig } from '../../src/cli/backtest/backtest-spec.js';
import { defaultConfig } from '../../src/config/index.js';
import { type ImportReport, importFiles } from '../../src/data/index.js';
import type { KernelObserver } from '../../src/kernel/index.js';
import type { RiskDecision } from '../../src/risk/index.js';
import { resultToJson } from '../../src/report/index.js';
import { loadStrategy } from '../../src/strategy/index.js';
import { PERP } from '../real-data/shared-data.js';

/**
 * `nmr-playbook` with the default config (15m bars, 10,000 USDT, the default risk limits, default
 * slippage model and volume cap, the constant funding fallback) over the REAL 365-day Binance USD-M
 * NMRUSDT 15m file (SOURCES.md A2: 2024-10-23 07:00 .. 2025-10-23 06:45, 35,040 rows; the last row is
 * an incomplete bar, so the run stops before its open). Nothing here asserts that the strategy is any
 * good: only that the run is reproducible and sane. The headline numbers are printed for the record.
 *
 * There is no real funding history for this span and no spot file in the store, so every settlement
 * uses the config's constant fallback (0.01% per 8 h); no network or sentiment data either, so the
 * price family carries the whole score.
 */

const FILE = path.join(
  PERP,
  'binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);
const EXCHANGE = 'binanceusdm';
const SYMBOL = 'NMR/USDT:USDT';

interface FileBar {
  readonly openTime: number;
  readonly high: number;
  readonly low: number;
}

/** The file read with string splitting only: `time,open,high,low,close,volume`, UTC text times. */
function readPlainly(file: string): FileBar[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]?.trim()).toBe('time,open,high,low,close,volume');
  return lines.slice(1).map((line) => {
    const [time, , high, low] = line.trim().split(',');
    return {
      openTime: Date.parse(`${(time ?? '').replace(' ', 'T')}Z`),
      high: Number(high),
      low: Number(low),
    };
  });
}

class Journal implements KernelObserver {
  readonly risk: RiskDecision[] = [];
  onRiskDecision(d: RiskDecision): void {
    this.risk.push(d);
  }
}

describe('nmr-playbook on the real 365-day Binance USD-M NMRUSDT 15m file (default config)', () => {
  let t: TempStore;
  let imported: ImportReport;
  let bars: FileBar[];
  let lastOpen: number;
  const config = defaultConfig();

  const run = async (observer?: KernelObserver): Promise<BacktestResult> => {
    const spec = specFromConfig(
      config,
      { risk: true, days: '90', seed: '1', download: false },
      { exchange: EXCHANGE, symbol: SYMBOL, to: lastOpen },
    );
    return runBacktest(t.store, {
      ...spec,
      strategy: await loadStrategy('nmr-playbook', { config }),
      ...(observer ? { observer } : {}),
    });
  };

  beforeAll(() => {
    t = tempStore();
    imported = importFiles(t.store, [FILE], { exchange: EXCHANGE });
    const all = readPlainly(FILE);
    lastOpen = (all[all.length - 1] as FileBar).openTime;
    bars = all.slice(0, -1); // the incomplete last bar is left out
  });
  afterAll(() => t.cleanup());

  it('runs sanely: leverage <= 3 on every trade, no liquidation, one breaker trip per 15m bar ranging > 8%', async () => {
    expect(imported.ok, JSON.stringify(imported.files.flatMap((f) => f.issues))).toBe(true);
    expect(config.backtest).toMatchObject({
      strategy: 'nmr-playbook',
      timeframe: '15m',
      initialBalance: 10_000,
    });
    const journal = new Journal();
    const r = await run(journal);
    const m = r.metrics;
    const violent = bars.filter((b) => (b.high - b.low) / b.low > config.risk.circuitBreaker.movePct);
    const trips = journal.risk.filter((d) => d.outcome === 'flatten');
    const exits = Object.entries(m.byExitReason)
      .map(([k, g]) => `${k} ${g.trades} (net ${g.netPnl.toFixed(2)}, win ${(g.winRate * 100).toFixed(1)}%)`)
      .join('; ');
    const signals = Object.entries(m.bySignalType)
      .map(([k, g]) => `${k} ${g.trades} (net ${g.netPnl.toFixed(2)})`)
      .join('; ');
    const rules = Object.entries(r.riskByRule)
      .map(([k, v]) => `${k} refused ${v.refused} resized ${v.resized} halted ${v.halted}`)
      .join('; ');
    console.log(
      [
        `nmr-playbook, REAL Binance USD-M NMRUSDT 15m, ${new Date(r.firstBarOpen).toISOString()} .. ` +
          `${new Date(r.lastBarClose).toISOString()} (${r.counts.bars} bars), default config:`,
        `  final equity ${m.finalEquity.toFixed(2)} USDT from ${m.initialEquity}, total return ` +
          `${(m.totalReturn * 100).toFixed(2)}%, CAGR ${(m.cagr * 100).toFixed(2)}%, max drawdown ` +
          `${(m.maxDrawdown * 100).toFixed(2)}%, Sharpe ${m.sharpe.toFixed(3)}, Sortino ${m.sortino.toFixed(3)}`,
        `  trades ${m.trades}, win rate ${(m.winRate * 100).toFixed(2)}%, profit factor ${m.profitFactor.toFixed(3)}, ` +
          `expectancy ${m.expectancy.toFixed(3)} USDT, exposure ${(m.exposure * 100).toFixed(2)}%`,
        `  fees ${m.fees.toFixed(2)}, slippage ${m.slippageCost.toFixed(2)}, funding paid ${m.fundingPaid.toFixed(2)} ` +
          `received ${m.fundingReceived.toFixed(2)} (real settlements ${r.fundingCoverage.real} of ${r.fundingCoverage.settlements}), ` +
          `liquidations ${m.liquidations}`,
        `  exits: ${exits}`,
        `  signal types: ${signals}`,
        `  orders ${r.counts.orders}, rejected ${r.counts.rejectedOrders}; bars ending with an open position of ` +
          `less than 1 NMR: ${Array.from(r.equity.column('position')).filter((p) => p !== 0 && Math.abs(p) < 1).length} ` +
          `(see order-pieces.test.ts)`,
        `  risk: ${rules}; refused ${r.counts.riskRefused}, resized ${r.counts.riskResized}; breaker trips ` +
          `${r.counts.circuitBreakerTrips} (journaled ${trips.length}; bars ranging > 8%: ${violent.length})`,
      ].join('\n'),
    );

    expect(r.counts.bars).toBe(bars.length);
    expect(r.synthetic).toBe(false);
    for (const trade of r.trades)
      expect(
        trade.leverage,
        `trade ${trade.id} at ${new Date(trade.entryTime).toISOString()}`,
      ).toBeLessThanOrEqual(3);
    expect(m.liquidations).toBe(0);
    expect(r.trades.some((x) => x.liquidated)).toBe(false);
    // On 15m bars the 15-minute window holds one bar: the breaker trips exactly on the bars whose own
    // range exceeds 8%, at their close.
    expect(trips.map((d) => d.time)).toEqual(violent.map((b) => b.openTime + 15 * 60_000));
    expect(r.counts.circuitBreakerTrips).toBe(violent.length);
    if (violent.length > 0) expect(r.counts.circuitBreakerTrips).toBeGreaterThan(0);
  });

  it('is reproducible: two runs give byte-identical resultToJson', async () => {
    const a = JSON.stringify(resultToJson(await run()));
    const b = JSON.stringify(resultToJson(await run()));
    expect(a.length).toBeGreaterThan(100_000);
    expect(a === b, 'JSON of run 1 and run 2 differ').toBe(true);
  });
});
