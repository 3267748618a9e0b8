import { AltDataStore } from '../../data/index.js';
import type { FeedCommand } from '../feed.types.js';
import { loadUserCalendar } from './user-calendar.js';

/** Where scheduled events live in the store (the Numerai feed writes its round times here too). */
export const CALENDAR_SOURCE = 'calendar';

/**
 * `nmrbot data fetch calendar`: the user's calendar file (`risk.events.calendarFile`) into the store,
 * one row per event under key `user:<label>`, known (`availableAt`) from the moment it was read. The
 * risk engine builds its blackouts from the file itself and from every stored calendar row announced
 * in time; storing the file lets `data status`, the dashboard and live runs see it too.
 */
export const calendarFeed: FeedCommand = {
  name: 'calendar',
  description: 'the user calendar file (risk.events.calendarFile: YAML, CSV or ICS) into the store',
  fetch(store, config, options) {
    const file = config.risk.events.calendarFile;
    if (file === undefined) {
      return Promise.resolve({
        feed: 'calendar',
        inserted: 0,
        updated: 0,
        unchanged: 0,
        lines: [],
        warnings: [
          'no calendar file configured (risk.events.calendarFile); Numerai round times come from `nmrbot data fetch numerai`',
        ],
      });
    }
    const now = options.now ?? Date.now();
    const events = loadUserCalendar(file);
    const alt = new AltDataStore(store.db);
    const known = new Map(alt.load(CALENDAR_SOURCE).map((d) => [`${d.key}@${d.eventTime}`, d.availableAt]));
    const rows = events.map((e) => {
      const key = `user:${e.label}`;
      return {
        source: CALENDAR_SOURCE,
        key,
        eventTime: e.time,
        // An event already stored keeps the time it was first known.
        availableAt: known.get(`${key}@${e.time}`) ?? (now as typeof e.time),
        payload: { label: e.label, beforeMinutes: e.beforeMinutes, afterMinutes: e.afterMinutes, file },
      };
    });
    const counts = alt.upsert(rows);
    options.onProgress?.(events.length, events.length, 'events');
    const upcoming = events.filter((e) => e.time >= now).length;
    return Promise.resolve({
      feed: 'calendar',
      ...counts,
      lines: [`calendar  ${events.length} events from ${file} (${upcoming} upcoming)`],
      warnings: [],
    });
  },
};
