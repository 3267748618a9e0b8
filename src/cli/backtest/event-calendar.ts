import type { NmrbotConfig } from '../../config/index.js';
import { MINUTE_MS } from '../../core/index.js';
import { AltDataStore, type MarketStore } from '../../data/index.js';
import { CALENDAR_SOURCE, loadUserCalendar } from '../../feeds/calendar/index.js';
import { type BlackoutWindow, type CalendarEvent, blackoutWindows } from '../../risk/index.js';

/**
 * The event blackouts of a run: the user's calendar file (`risk.events.calendarFile`) plus scheduled
 * events stored by the feeds (source `calendar`). A stored event counts only if it was known
 * (`availableAt`) by the time its blackout starts: a backtest must not black out an event nobody had
 * announced yet.
 */
export function eventBlackouts(store: MarketStore, config: NmrbotConfig): BlackoutWindow[] {
  const events: CalendarEvent[] = [];
  const file = config.risk.events.calendarFile;
  if (file !== undefined) events.push(...loadUserCalendar(file));
  const before = config.risk.events.blackoutBeforeMinutes * MINUTE_MS;
  for (const d of new AltDataStore(store.db).load(CALENDAR_SOURCE)) {
    if (d.availableAt <= d.eventTime - before) events.push({ time: d.eventTime, label: d.key });
  }
  return blackoutWindows(events, config.risk.events);
}
