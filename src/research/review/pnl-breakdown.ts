import type { JournalTrade } from '../../journal/index.js';
import type { PnlBreakdown, PnlGroup } from './review.types.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Net PnL of closed trades by signal type, regime, UTC weekday and UTC hour of the entry. */
export function pnlBreakdown(trades: readonly JournalTrade[]): PnlBreakdown {
  const weekday = (t: JournalTrade): string => WEEKDAYS[(new Date(t.entryTime).getUTCDay() + 6) % 7] ?? '?';
  const hour = (t: JournalTrade): string => String(new Date(t.entryTime).getUTCHours()).padStart(2, '0');
  const byWeekday = groupBy(trades, weekday).sort(
    (a, b) =>
      WEEKDAYS.indexOf(a.key as (typeof WEEKDAYS)[number]) -
      WEEKDAYS.indexOf(b.key as (typeof WEEKDAYS)[number]),
  );
  return {
    trades: trades.length,
    netPnl: trades.reduce((sum, t) => sum + t.netPnl, 0),
    bySignalType: groupBy(trades, (t) => t.signalType).sort(byKey),
    byRegime: groupBy(trades, (t) => t.regime ?? 'unknown').sort(byKey),
    byWeekday,
    byHour: groupBy(trades, hour).sort(byKey),
  };
}

function groupBy(trades: readonly JournalTrade[], keyOf: (t: JournalTrade) => string): PnlGroup[] {
  const groups = new Map<string, { trades: number; wins: number; netPnl: number }>();
  for (const t of trades) {
    const key = keyOf(t);
    const g = groups.get(key) ?? { trades: 0, wins: 0, netPnl: 0 };
    g.trades += 1;
    if (t.netPnl > 0) g.wins += 1;
    g.netPnl += t.netPnl;
    groups.set(key, g);
  }
  return [...groups].map(([key, g]) => ({ key, ...g, meanPnl: g.netPnl / g.trades }));
}

function byKey(a: PnlGroup, b: PnlGroup): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
