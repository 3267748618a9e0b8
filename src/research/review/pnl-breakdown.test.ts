import { describe, expect, it } from 'vitest';
import type { JournalTrade } from '../../journal/index.js';
import { pnlBreakdown } from './pnl-breakdown.js';

function trade(entryIso: string, signalType: string, netPnl: number, regime?: string): JournalTrade {
  const entryTime = Date.parse(entryIso);
  return {
    signalType,
    netPnl,
    regime,
    entryTime,
    exitTime: entryTime + 3_600_000,
  } as unknown as JournalTrade;
}

describe('pnlBreakdown', () => {
  // 2026-11-23 is a Monday; 2026-11-29 a Sunday.
  const trades = [
    trade('2026-11-23T03:15:00Z', 'momentum', 10, 'normal'),
    trade('2026-11-23T14:00:00Z', 'momentum', -4, 'high_volatility'),
    trade('2026-11-29T03:59:00Z', 'funding_reversion', 6, 'normal'),
    trade('2026-11-24T23:00:00Z', 'momentum', -2),
  ];
  const b = pnlBreakdown(trades);

  it('sums net PnL by signal type with wins and the mean', () => {
    expect(b.trades).toBe(4);
    expect(b.netPnl).toBe(10);
    expect(b.bySignalType).toEqual([
      { key: 'funding_reversion', trades: 1, wins: 1, netPnl: 6, meanPnl: 6 },
      { key: 'momentum', trades: 3, wins: 1, netPnl: 4, meanPnl: 4 / 3 },
    ]);
  });

  it('groups by regime, a trade without one as unknown', () => {
    expect(b.byRegime.map((g) => [g.key, g.trades, g.netPnl])).toEqual([
      ['high_volatility', 1, -4],
      ['normal', 2, 16],
      ['unknown', 1, -2],
    ]);
  });

  it('groups by UTC weekday of the entry, Monday first', () => {
    expect(b.byWeekday.map((g) => [g.key, g.trades, g.netPnl])).toEqual([
      ['Mon', 2, 6],
      ['Tue', 1, -2],
      ['Sun', 1, 6],
    ]);
  });

  it('groups by UTC hour of the entry', () => {
    expect(b.byHour.map((g) => [g.key, g.trades, g.netPnl])).toEqual([
      ['03', 2, 16],
      ['14', 1, -4],
      ['23', 1, -2],
    ]);
  });
});
