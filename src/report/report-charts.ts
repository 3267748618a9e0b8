import type { BacktestResult } from '../backtest/index.js';
import type { CandleSeries } from '../data/index.js';
import { type XYSeries, minMaxDownsample } from './downsample.js';
import { fmtMoney, fmtPct, fmtPrice, fmtQty, fmtTime } from './format.js';
import { type ChartMarker, PLOT_WIDTH, renderChart } from './svg-chart.js';

/** The four charts of the HTML report, each an inline SVG string. */

function span(result: BacktestResult): readonly [number, number] {
  return [result.firstBarOpen, result.lastBarClose];
}

export function equityChart(result: BacktestResult): string {
  const eq = result.equity;
  return renderChart({
    title: 'Equity (USDT)',
    lines: [
      {
        data: minMaxDownsample(eq.column('time'), eq.column('equity'), PLOT_WIDTH),
        color: '#2563eb',
        label: 'equity',
      },
    ],
    xRange: span(result),
    yFormat: fmtMoney,
    emptyText: 'no equity samples',
  });
}

/** Fall from the running peak (the initial equity counts as the first peak), as a fraction. */
export function drawdownSeries(equity: Float64Array, initialEquity: number): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = initialEquity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i] as number;
    if (e > peak) peak = e;
    out[i] = peak > 0 ? e / peak - 1 : 0;
  }
  return out;
}

export function drawdownChart(result: BacktestResult): string {
  const eq = result.equity;
  const dd = drawdownSeries(eq.column('equity'), result.metrics.initialEquity);
  return renderChart({
    title: 'Drawdown',
    lines: [
      {
        data: minMaxDownsample(eq.column('time'), dd, PLOT_WIDTH),
        color: '#dc2626',
        label: 'drawdown',
        fill: true,
      },
    ],
    xRange: span(result),
    yFormat: fmtPct,
    emptyText: 'no equity samples',
  });
}

function closes(result: BacktestResult, candles: CandleSeries | undefined): XYSeries {
  if (!candles || candles.length === 0) {
    return minMaxDownsample(result.equity.column('time'), result.equity.column('price'), PLOT_WIDTH);
  }
  const tf = candles.timeframeMs;
  const closeTimes = candles.openTime.map((t) => t + tf);
  return minMaxDownsample(closeTimes, candles.close, PLOT_WIDTH);
}

export function tradeMarkers(result: BacktestResult): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const t of result.trades) {
    const what = `#${t.id} ${t.side} ${fmtQty(t.quantity)}`;
    out.push({
      x: t.entryTime,
      y: t.entryPrice,
      kind: t.side === 'long' ? 'long-entry' : 'short-entry',
      title: `Entry ${what} at ${fmtPrice(t.entryPrice)}, ${fmtTime(t.entryTime)} (${t.signalType})`,
    });
    if (Number.isFinite(t.exitPrice)) {
      out.push({
        x: t.exitTime,
        y: t.exitPrice,
        kind: 'exit',
        title: `Exit ${what} at ${fmtPrice(t.exitPrice)}, ${fmtTime(t.exitTime)} (${t.exitReason}, net ${fmtMoney(t.netPnl)})`,
      });
    }
  }
  return out;
}

export function priceChart(result: BacktestResult, candles?: CandleSeries): string {
  return renderChart({
    title: 'Price, entries (long: green up, short: red down) and exits (crosses)',
    lines: [{ data: closes(result, candles), color: '#475569', label: 'close' }],
    markers: tradeMarkers(result),
    xRange: span(result),
    yFormat: fmtPrice,
    emptyText: 'no prices',
  });
}

/**
 * Cumulative funding paid and received over the run, as steps. From the settlements when given,
 * else from each trade's funding booked at its exit (coarser).
 */
export function fundingChart(
  result: BacktestResult,
  payments?: readonly { readonly time: number; readonly cashflow: number }[],
): string {
  const events = payments
    ? [...payments].sort((a, b) => a.time - b.time)
    : result.trades.map((t) => ({ time: t.exitTime, cashflow: t.funding })).sort((a, b) => a.time - b.time);
  const [from, to] = span(result);
  const paid: XYSeries = { x: [from], y: [0] };
  const received: XYSeries = { x: [from], y: [0] };
  let p = 0;
  let r = 0;
  for (const e of events) {
    if (e.cashflow < 0) {
      p -= e.cashflow;
      paid.x.push(e.time);
      paid.y.push(p);
    } else if (e.cashflow > 0) {
      r += e.cashflow;
      received.x.push(e.time);
      received.y.push(r);
    }
  }
  paid.x.push(to);
  paid.y.push(p);
  received.x.push(to);
  received.y.push(r);
  const source = payments ? 'per settlement' : 'per trade, at its exit';
  return renderChart({
    title: `Cumulative funding (USDT, ${source})`,
    lines: [
      { data: minMaxDownsample(paid.x, paid.y, PLOT_WIDTH), color: '#dc2626', label: 'paid', step: true },
      {
        data: minMaxDownsample(received.x, received.y, PLOT_WIDTH),
        color: '#16a34a',
        label: 'received',
        step: true,
      },
    ],
    xRange: span(result),
    yFormat: fmtMoney,
  });
}
