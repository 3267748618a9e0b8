import { HOUR_MS } from '../core/index.js';
import type { AltDataSpan } from '../data/index.js';

/** A feed's state for `data status`, `doctor` and the dashboard. */
export interface FeedHealth {
  readonly feed: 'numerai' | 'onchain' | 'sentiment' | 'calendar';
  readonly state: 'ok' | 'stale' | 'empty' | 'disabled';
  /** Rows stored under the feed's source. */
  readonly rows: number;
  /** Latest `availableAt` stored (epoch ms), if any. */
  readonly lastAvailable: number | undefined;
  /** One sentence: what it means for trading and what to run. */
  readonly message: string;
}

/** The alt-data source each feed writes, and how old its newest datum may be before it counts as stale. */
const FEEDS = [
  { feed: 'numerai', source: 'numerai', staleHours: 24 * 10, family: 'network' },
  { feed: 'onchain', source: 'onchain', staleHours: 6, family: 'network' },
  { feed: 'sentiment', source: 'sentiment', staleHours: 12, family: 'sentiment' },
  { feed: 'calendar', source: 'calendar', staleHours: Infinity, family: 'risk blackouts' },
] as const;

/**
 * Health of every feed from what the store holds. A feed that is empty or stale leaves its signal
 * family neutral (the signals treat stale data as missing); trading on price goes on regardless.
 */
export function feedHealth(
  spans: readonly AltDataSpan[],
  enabled: Readonly<Record<'numerai' | 'onchain' | 'sentiment', boolean>>,
  now: number,
): FeedHealth[] {
  return FEEDS.map(({ feed, source, staleHours, family }) => {
    const mine = spans.filter((s) => s.source === source);
    const rows = mine.reduce((n, s) => n + s.rows, 0);
    const lastAvailable = mine.length ? Math.max(...mine.map((s) => s.lastAvailable)) : undefined;
    const fetch = `nmrbot data fetch ${feed}`;
    if (feed !== 'calendar' && !enabled[feed]) {
      return {
        feed,
        state: 'disabled',
        rows,
        lastAvailable,
        message: `disabled in config (feeds.${feed}.enabled); the ${family} family gets no data from it`,
      };
    }
    if (lastAvailable === undefined) {
      return {
        feed,
        state: 'empty',
        rows,
        lastAvailable,
        message:
          feed === 'calendar'
            ? 'no events stored: blackouts come from risk.events.calendarFile alone; run nmrbot data fetch numerai (round times) or calendar'
            : `no data stored: the ${family} family stays neutral; run ${fetch}`,
      };
    }
    const ageHours = (now - lastAvailable) / HOUR_MS;
    if (ageHours > staleHours) {
      return {
        feed,
        state: 'stale',
        rows,
        lastAvailable,
        message: `newest datum is ${ageHours.toFixed(1)} h old (stale after ${staleHours} h): the ${family} family stays neutral until ${fetch} brings fresh data`,
      };
    }
    return {
      feed,
      state: 'ok',
      rows,
      lastAvailable,
      message: `fresh (newest datum ${ageHours.toFixed(1)} h old)`,
    };
  });
}
