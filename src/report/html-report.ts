import fs from 'node:fs';
import path from 'node:path';
import type { BacktestResult } from '../backtest/index.js';
import type { CandleSeries } from '../data/index.js';
import { HTML_STYLE } from './html-style.js';
import { breakdownTables, summaryTable, tradeTable } from './html-tables.js';
import { escapeHtml } from './format.js';
import { drawdownChart, equityChart, fundingChart, priceChart } from './report-charts.js';
import { MARKER_DEFS } from './svg-chart.js';
import { reportTitle, runName } from './title.js';

export interface HtmlReportExtras {
  /** Candles for the price chart (default: the close price sampled with the equity curve). */
  readonly candles?: CandleSeries;
  /**
   * Every funding settlement of the run (the journal's `fundingPayments`, or collected by an
   * observer). Without them the funding chart falls back to each trade's funding at its exit.
   */
  readonly fundingPayments?: readonly { readonly time: number; readonly cashflow: number }[];
  /** File name stem for `writeHtmlReport` (default: `runName(result)`). */
  readonly runName?: string;
}

/**
 * The result as one self-contained HTML page: inline CSS and inline SVG charts (equity, drawdown,
 * price with entries and exits, cumulative funding), the summary, breakdown and trade tables. Nothing
 * is loaded from the network. Long series are downsampled to the chart width (min/max per pixel), so
 * a million-bar run stays well under 2 MB. Every inserted text is HTML-escaped.
 */
export function renderHtmlReport(result: BacktestResult, extras: HtmlReportExtras = {}): string {
  const title = escapeHtml(reportTitle(result));
  const banner = result.synthetic
    ? '<p class="synthetic">Built on synthetic (generated) data: it says nothing about the real market.</p>'
    : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title><style>${HTML_STYLE}</style></head><body>`,
    MARKER_DEFS,
    `<header><h1>${title}</h1>${banner}</header>`,
    `<section><h2>Summary</h2>${summaryTable(result)}</section>`,
    '<section><h2>Charts</h2>',
    equityChart(result),
    drawdownChart(result),
    priceChart(result, extras.candles),
    fundingChart(result, extras.fundingPayments),
    '</section>',
    `<section><h2>Breakdown</h2>${breakdownTables(result)}</section>`,
    `<section><h2>Trades</h2>${tradeTable(result.trades)}</section>`,
    '<footer>nmrbot backtest report. Times are UTC; money is USDT.</footer>',
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * Writes the report to `<dir>/<run name>.html` (creating `dir`) and returns the file's path.
 * @param dir folder for reports (default `reports`, relative to the working directory)
 */
export function writeHtmlReport(
  result: BacktestResult,
  dir = 'reports',
  extras: HtmlReportExtras = {},
): string {
  fs.mkdirSync(dir, { recursive: true });
  const name = (extras.runName ?? runName(result)).replace(/[^A-Za-z0-9._-]+/g, '_');
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, renderHtmlReport(result, extras));
  return file;
}
