import type { EpochMs } from '../core/index.js';

/** One NMR/Numerai event (round resolution, announcement, user event). */
export interface CalendarEvent {
  readonly time: EpochMs;
  readonly label: string;
  /** Blackout before the event, minutes; overrides `risk.events.blackoutBeforeMinutes`. */
  readonly beforeMinutes?: number | undefined;
  /** Blackout after the event, minutes; overrides `risk.events.blackoutAfterMinutes`. */
  readonly afterMinutes?: number | undefined;
}

/** No entries in [start, end) (epoch ms). */
export interface BlackoutWindow {
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly label: string;
}
