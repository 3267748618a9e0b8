import { DAY_MS } from '../../core/index.js';
import { AltDataStore, type MarketStore } from '../../data/index.js';
import type { DataEvent } from '../../strategy/index.js';

/** The feeds whose stored data a backtest replays to the strategy (`onData`, at each `availableAt`). */
export const REPLAYED_SOURCES = ['numerai', 'onchain', 'sentiment'] as const;

/** Data known this long before the first bar is replayed too, so feed signals start warm. */
const LEAD_MS = 14 * DAY_MS;

/**
 * The stored alternative data of a backtest span as strategy events, in `availableAt` order, and a
 * one-line note saying what each feed contributed (a feed without rows leaves its family neutral).
 */
export function storedAltData(
  store: MarketStore,
  from: number | undefined,
  to: number | undefined,
): { events: DataEvent[]; note: string } {
  const alt = new AltDataStore(store.db);
  const range = { from: from === undefined ? undefined : from - LEAD_MS, to };
  const events: DataEvent[] = [];
  const parts: string[] = [];
  let synthetic = false;
  for (const source of REPLAYED_SOURCES) {
    const rows = alt.load(source, range);
    parts.push(`${source} ${rows.length.toLocaleString('en-US')}`);
    for (const d of rows) {
      synthetic ||= d.synthetic === true;
      events.push({
        source: d.source,
        key: d.key,
        eventTime: d.eventTime,
        availableAt: d.availableAt,
        value: d.value,
        payload: d.payload,
      });
    }
  }
  events.sort((a, b) => a.availableAt - b.availableAt);
  const empty = parts.filter((p) => p.endsWith(' 0')).length;
  const note =
    `alt data replayed: ${parts.join(', ')} rows${synthetic ? ' (includes SYNTHETIC rows)' : ''}` +
    (empty > 0 ? '; feeds without rows leave their signal family neutral (nmrbot data fetch ...)' : '');
  return { events, note };
}
