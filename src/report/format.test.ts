import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  fmtDays,
  fmtMoney,
  fmtPct,
  fmtPrice,
  fmtQty,
  fmtRatio,
  fmtTime,
  fmtUsdt,
} from './format.js';

describe('number formats', () => {
  it('prints percentages with 2 decimals and no negative zero', () => {
    expect(fmtPct(0.123456)).toBe('12.35%');
    expect(fmtPct(-0.5)).toBe('-50.00%');
    expect(fmtPct(-0.000001)).toBe('0.00%');
    expect(fmtPct(NaN)).toBe('n/a');
  });

  it('groups thousands in USDT amounts, independent of the locale', () => {
    expect(fmtUsdt(1234567.891)).toBe('1,234,567.89 USDT');
    expect(fmtUsdt(-1000)).toBe('-1,000.00 USDT');
    expect(fmtMoney(999.999)).toBe('1,000.00');
  });

  it('prints infinite ratios as inf', () => {
    expect(fmtRatio(Infinity)).toBe('inf');
    expect(fmtRatio(-Infinity)).toBe('-inf');
    expect(fmtRatio(1.005001)).toBe('1.01');
  });

  it('chooses price decimals by magnitude and trims quantities', () => {
    expect(fmtPrice(10.12345)).toBe('10.1235');
    expect(fmtPrice(0.0123456)).toBe('0.012346');
    expect(fmtPrice(12345.678)).toBe('12,345.68');
    expect(fmtQty(80)).toBe('80');
    expect(fmtQty(80.5)).toBe('80.5');
  });

  it('prints durations in days and times in UTC', () => {
    expect(fmtDays(36 * 3_600_000)).toBe('1.50 d');
    expect(fmtTime(Date.UTC(2025, 0, 6, 13, 5))).toBe('2025-01-06 13:05');
    expect(fmtTime(Date.UTC(2025, 0, 6, 13, 5, 7))).toBe('2025-01-06 13:05:07');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
