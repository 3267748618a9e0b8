import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../src/cli/run-captured.js';
import { type NumeraiDouble, startNumeraiDouble } from '../doubles/numerai/index.js';
import { PERP } from '../real-data/shared-data.js';

/**
 * The weekly review replayed in `nmrbot backtest --adapt-weights`, measured on the REAL 365-day
 * Binance USD-M NMRUSDT 15m file (SOURCES.md A2, the last, incomplete bar left out; default config,
 * risk engine on, constant funding fallback), with and without adaptation. Nothing here judges
 * whether adapting helps: the numbers are printed and reported in docs/review.md.
 *
 * 1. Price data only: no network or sentiment data, so only the price family has evidence, and a
 *    family alone keeps its default share: the weights cannot move.
 * 2. Plus the network family from the real Numerai per-round scores served by the Numerai double
 *    (`nmrbot data fetch numerai`): the scores are real, their round times SYNTHETIC (computed from
 *    Numerai's daily schedule, test/doubles/numerai/synthetic-calendar.ts).
 */

const FILE = path.join(
  PERP,
  'binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);
const SPAN = ['--from', '2024-10-23T07:00:00Z', '--to', '2025-10-23T06:45:00Z', '--no-download'];

interface Doc {
  counts: { bars: number };
  metrics: {
    finalEquity: number;
    totalReturn: number;
    maxDrawdown: number;
    sharpe: number;
    trades: number;
    winRate: number;
    profitFactor: number;
  };
  weightReviews?: {
    time: number;
    samples: number;
    proposed: Record<string, number>;
    evidence: { lambda: number; score: Record<string, number | null> };
  }[];
}

function line(label: string, d: Doc): string {
  const m = d.metrics;
  return (
    `  ${label}: final equity ${m.finalEquity.toFixed(2)} USDT, return ${(m.totalReturn * 100).toFixed(2)}%, ` +
    `max drawdown ${(m.maxDrawdown * 100).toFixed(2)}%, Sharpe ${m.sharpe.toFixed(3)}, trades ${m.trades}, ` +
    `win rate ${(m.winRate * 100).toFixed(2)}%, profit factor ${m.profitFactor.toFixed(3)}`
  );
}

function weightPath(d: Doc): string {
  return (d.weightReviews ?? [])
    .map((w) => {
      const p = w.proposed;
      const s = w.evidence.score;
      const score = (x: number | null | undefined): string => (x == null ? '-' : x.toFixed(3));
      return (
        `    ${new Date(w.time).toISOString().slice(0, 10)} scored ${String(w.samples).padStart(3)} ` +
        `λ ${w.evidence.lambda.toFixed(3)} scores p ${score(s.price)} n ${score(s.network)} ` +
        `-> price ${p.price?.toFixed(4)} network ${p.network?.toFixed(4)} sentiment ${p.sentiment?.toFixed(4)}`
      );
    })
    .join('\n');
}

describe('nmr-playbook with the weekly review replayed, on the REAL 365-day NMRUSDT 15m file', () => {
  let dir: string;
  let store: string[];
  let double: NumeraiDouble;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-adapt-real-'));
    store = ['--store', path.join(dir, 'store.db')];
    double = await startNumeraiDouble();
    const imported = await runCliCaptured([...store, 'data', 'import', '--exchange', 'binanceusdm', FILE]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(async () => {
    await double.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const backtest = async (name: string, adapt: boolean): Promise<Doc> => {
    const json = path.join(dir, `${name}.json`);
    const r = await runCliCaptured([
      ...store,
      'backtest',
      ...SPAN,
      '--json',
      json,
      '--report',
      path.join(dir, `${name}.html`),
      ...(adapt ? ['--adapt-weights'] : []),
    ]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(fs.readFileSync(json, 'utf8')) as Doc;
  };

  it('price data only: the weights cannot move, so both runs trade alike', async () => {
    const fixed = await backtest('fixed', false);
    const adapted = await backtest('adapted', true);
    console.log(
      [
        'REAL NMRUSDT 15m, 365 days, default config, price data only:',
        line('fixed weights   ', fixed),
        line('--adapt-weights ', adapted),
        `  ${adapted.weightReviews?.length} reviews:`,
        weightPath(adapted),
      ].join('\n'),
    );
    expect(fixed.counts.bars).toBe(35_039);
    expect(adapted.weightReviews).toHaveLength(52);
    for (const w of adapted.weightReviews ?? []) expect(w.evidence.score.network).toBeNull();
    expect(adapted.metrics).toEqual(fixed.metrics);
  });

  it('plus real Numerai scores (SYNTHETIC round times) as the network family: printed, not judged', async () => {
    const fetched = await runCliCaptured([
      ...store,
      'data',
      'fetch',
      'numerai',
      '--since',
      '2024-06-01',
      '--base-url',
      double.url,
    ]);
    expect(fetched.code, fetched.stderr).toBe(0);
    const fixed = await backtest('fixed-network', false);
    const adapted = await backtest('adapted-network', true);
    console.log(
      [
        'REAL NMRUSDT 15m, 365 days, default config, network family from real Numerai scores (SYNTHETIC round times):',
        line('fixed weights   ', fixed),
        line('--adapt-weights ', adapted),
        `  ${adapted.weightReviews?.length} reviews:`,
        weightPath(adapted),
      ].join('\n'),
    );
    expect(adapted.weightReviews).toHaveLength(52);
  });
});
