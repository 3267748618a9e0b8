import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/index.js';
import {
  H,
  T0,
  type TempStore,
  exactSpec,
  storeFunding,
  storeHourlyBars,
  tempStore,
} from '../backtest/test-helpers.js';
import type { EpochMs } from '../core/index.js';
import { EquityCurve } from '../kernel/index.js';
import { renderHtmlReport, writeHtmlReport } from './html-report.js';
import { MAX_TRADE_ROWS } from './html-tables.js';
import { WAVE_FUNDING, flipStrategy, handMadeResult, trade, waveBars } from './test-fixtures.js';

const pathPoints = (d: string) => (d.match(/[LH]/g) ?? []).length + 1;

describe('renderHtmlReport', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
    storeHourlyBars(t.store, waveBars(48));
    storeFunding(t.store, WAVE_FUNDING);
  });
  afterEach(() => t.cleanup());

  it('is one self-contained page: inline SVG, no network references', () => {
    const result = runBacktest(t.store, { ...exactSpec(), strategy: flipStrategy() });
    const html = renderHtmlReport(result);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect((html.match(/<svg class="chart"/g) ?? []).length, 'equity, drawdown, price, funding').toBe(4);
  });

  it('titles a report on synthetic data with the [SYNTHETIC] prefix and says so in a banner', () => {
    const result = runBacktest(t.store, { ...exactSpec(), strategy: flipStrategy() });
    expect(result.synthetic).toBe(true);
    const html = renderHtmlReport(result);
    expect(html).toContain('<title>[SYNTHETIC] Backtest: flipper on testex NMR/USDT:USDT 1h</title>');
    expect(html).toContain('<h1>[SYNTHETIC] Backtest: flipper on testex NMR/USDT:USDT 1h</h1>');
    expect(html).toContain('class="synthetic"');
    expect(renderHtmlReport(handMadeResult())).not.toContain('[SYNTHETIC]');
  });

  it('marks long entries, short entries and exits on the price chart', () => {
    const result = runBacktest(t.store, { ...exactSpec(), strategy: flipStrategy() });
    const html = renderHtmlReport(result);
    const count = (kind: string) => (html.match(new RegExp(`<use href="#mk-${kind}"`, 'g')) ?? []).length;
    expect(count('long-entry')).toBe(result.trades.filter((x) => x.side === 'long').length);
    expect(count('short-entry')).toBe(result.trades.filter((x) => x.side === 'short').length);
    expect(count('exit')).toBe(result.trades.length);
  });

  it('lists every trade and both breakdown tables', () => {
    const html = renderHtmlReport(handMadeResult());
    expect((html.match(/<tr class="(win|loss)">/g) ?? []).length).toBe(3);
    expect(html).toContain('<h3>By exit reason</h3>');
    expect(html).toContain(
      '<td>time_exit</td><td class="n">2</td><td class="n">150.25</td><td class="n">100.00%</td>',
    );
    expect(html).toContain('<h3>By signal type</h3>');
    expect(html).toContain('liquidation (liquidated)');
  });

  it('escapes text it inserts, such as a strategy named like a script tag', () => {
    const evil = '<script>alert("x")</script>';
    const result = handMadeResult({
      strategy: evil,
      trades: [trade({ id: 1, signalType: '<img src=x onerror=alert(1)>', exitReason: '"&\'' })],
    });
    const html = renderHtmlReport(result);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('charts cumulative funding from the settlements when given, else from the trades', () => {
    const result = handMadeResult();
    const fromTrades = renderHtmlReport(result);
    expect(fromTrades).toContain('Cumulative funding (USDT, per trade, at its exit)');
    const payments = [
      { time: T0 + 2 * H, cashflow: -1.5 },
      { time: T0 + 4 * H, cashflow: 0.75 },
    ];
    expect(renderHtmlReport(result, { fundingPayments: payments })).toContain(
      'Cumulative funding (USDT, per settlement)',
    );
  });

  it('shows the first and last trades of a very long list and says how many are left out', () => {
    const trades = Array.from({ length: 2500 }, (_, i) => trade({ id: i + 1 }));
    const html = renderHtmlReport(handMadeResult({ trades }));
    expect((html.match(/<tr class="win">/g) ?? []).length).toBe(MAX_TRADE_ROWS);
    expect(html).toContain('Showing the first and last 500 of 2,500 trades');
  });

  it('stays under 2 MB for a million-sample equity curve, each chart at most ~2000 points', () => {
    const n = 1_000_000;
    const equity = new EquityCurve(n);
    for (let i = 0; i < n; i++) {
      const price = 10 + Math.sin(i / 5000) + 0.3 * Math.sin(i / 37);
      equity.push(
        T0 + (i + 1) * 60_000,
        1000 + 200 * Math.sin(i / 20_000) + i / 5000,
        1000,
        0,
        100,
        i % 2,
        price,
      );
    }
    const trades = Array.from({ length: 5000 }, (_, i) =>
      trade({
        id: i + 1,
        side: i % 2 ? 'short' : 'long',
        entryTime: (T0 + i * 200 * 60_000) as EpochMs,
        exitTime: (T0 + (i * 200 + 100) * 60_000) as EpochMs,
      }),
    );
    const result = handMadeResult({ equity, trades, lastBarClose: T0 + n * 60_000 });
    const html = renderHtmlReport(result);
    expect(Buffer.byteLength(html), 'bytes').toBeLessThan(2_000_000);
    const paths = [...html.matchAll(/<path d="([^"]+)" fill="none"/g)].map((m) => m[1] ?? '');
    expect(paths.length).toBeGreaterThanOrEqual(4);
    for (const d of paths) expect(pathPoints(d)).toBeLessThanOrEqual(2000);
  });
});

describe('writeHtmlReport', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-report-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes <dir>/<run name>.html, creating the folder, and returns the path', () => {
    const target = path.join(dir, 'reports');
    const file = writeHtmlReport(handMadeResult({ synthetic: true }), target);
    expect(file).toBe(
      path.join(target, 'synthetic-hand-made-testex-NMR_USDT_USDT-1h-20250106-20250106.html'),
    );
    expect(fs.readFileSync(file, 'utf8')).toContain('<h1>[SYNTHETIC] Backtest: hand-made');
  });

  it('uses the given run name, made safe for a file name', () => {
    const file = writeHtmlReport(handMadeResult(), dir, { runName: 'bt/../x y' });
    expect(path.basename(file)).toBe('bt_.._x_y.html');
    expect(path.dirname(file)).toBe(dir);
  });
});
