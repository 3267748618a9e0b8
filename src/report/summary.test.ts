import { defaultConfig } from '../config/index.js';
import { describe, expect, it } from 'vitest';
import { formatSummary, fundingCoverageText, summaryRows } from './summary.js';
import { METRICS, handMadeResult } from './test-fixtures.js';

describe('formatSummary', () => {
  const text = formatSummary(handMadeResult());
  const line = (label: string) =>
    text
      .split('\n')
      .find((l) => l.startsWith(`${label} `))
      ?.replace(/ {2,}/, ' | ');

  it('titles the report with strategy, exchange, symbol and timeframe, underlined', () => {
    const [title, rule] = text.split('\n');
    expect(title).toBe('Backtest: hand-made on testex NMR/USDT:USDT 1h');
    expect(rule).toBe('='.repeat(title?.length ?? 0));
  });

  it('prefixes the title with [SYNTHETIC] when the result was built on synthetic data', () => {
    const synthetic = formatSummary(handMadeResult({ synthetic: true }));
    expect(synthetic.split('\n')[0]).toBe('[SYNTHETIC] Backtest: hand-made on testex NMR/USDT:USDT 1h');
  });

  it('prints every headline figure exactly: percentages and USDT with 2 decimals', () => {
    const expected: [string, string][] = [
      ['Span', '2025-01-06 00:00 to 2025-01-06 10:00 UTC (0.42 d)'],
      ['Bars', '10'],
      ['Initial equity', '1,000.00 USDT'],
      ['Final equity', '1,234.57 USDT'],
      ['Total return', '23.46%'],
      ['CAGR', '150.00%'],
      ['Sharpe', '1.23'],
      ['Sortino', '2.35'],
      ['Max drawdown', '-8.75%'],
      ['Max drawdown duration', '1.50 d'],
      ['Calmar', '17.14'],
      ['Trades', '3'],
      ['Win rate', '66.67%'],
      ['Profit factor', 'inf'],
      ['Expectancy', '78.19 USDT per trade'],
      ['Exposure', '40.00%'],
      ['Liquidations', '1'],
      ['Orders', '7 (1 rejected)'],
      ['Fills', '6'],
      ['Risk', 'off (no risk engine)'],
      ['Fees', '1,234.57 USDT'],
      ['Funding paid', '3.50 USDT'],
      ['Funding received', '0.13 USDT'],
      ['Slippage', '1.01 USDT'],
      ['Funding coverage', 'real 75.00% / premium estimate 25.00% / constant 0.00% of 4 settlements'],
    ];
    for (const [label, value] of expected) expect(line(label), label).toBe(`${label} | ${value}`);
    expect(summaryRows(handMadeResult()).map((r) => r.label)).toEqual(expected.map(([l]) => l));
  });

  it('sums risk refusals and resizes by rule when the run had a risk engine', () => {
    const base = handMadeResult();
    const withRisk = { ...base, spec: { ...base.spec, risk: defaultConfig().risk } };
    const row = summaryRows(withRisk).find((r) => r.label === 'Risk');
    expect(row?.value).toBe('2 refused, 1 resized, 0 breaker trips (margin_cap 1, thin_hours 2)');
  });

  it('aligns the values in one column', () => {
    const rows = text.split('\n').slice(2, 26);
    const starts = rows.map((r) => r.search(/ {2}\S/) + 2);
    expect(new Set(starts).size, 'every value starts at the same column').toBe(1);
  });

  it('breaks net PnL down by exit reason and by signal type, keys sorted, numbers right-aligned', () => {
    expect(text).toContain(
      [
        'By exit reason',
        '  exit reason  trades  net PnL (USDT)  win rate',
        '  liquidation       1          -20.00     0.00%',
        '  time_exit         2          150.25   100.00%',
        '',
        'By signal type',
        '  signal type        trades  net PnL (USDT)  win rate',
        '  funding_reversion       1            0.00     0.00%',
        '  momentum                2          130.25    50.00%',
      ].join('\n'),
    );
  });

  it('says so when there are no trades to break down', () => {
    const none = formatSummary(
      handMadeResult({ trades: [], metrics: { ...METRICS, byExitReason: {}, bySignalType: {} } }),
    );
    expect(none).toContain('By exit reason\n  (no trades)\n\nBy signal type\n  (no trades)\n');
  });
});

describe('fundingCoverageText', () => {
  it('says there were no settlements rather than printing shares of nothing', () => {
    const r = handMadeResult({
      fundingCoverage: {
        settlements: 0,
        real: 0,
        premiumEstimate: 0,
        constant: 0,
        shares: { real: 0, premiumEstimate: 0, constant: 0 },
      },
    });
    expect(fundingCoverageText(r)).toBe('no funding settlements in the span');
  });
});
