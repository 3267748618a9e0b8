import type { RiskConfig } from '../config/index.js';
import { type EpochMs, InvariantError, MINUTE_MS } from '../core/index.js';
import type { BlackoutWindow, CalendarEvent } from './calendar.types.js';
import type { Finding } from './finding.js';
import { at } from './format.js';

/** The blackout window around each event, sorted by start: [time - before, time + after). */
export function blackoutWindows(
  events: readonly CalendarEvent[],
  config: RiskConfig['events'],
): BlackoutWindow[] {
  return events
    .map((e) => ({
      start: (e.time - (e.beforeMinutes ?? config.blackoutBeforeMinutes) * MINUTE_MS) as EpochMs,
      end: (e.time + (e.afterMinutes ?? config.blackoutAfterMinutes) * MINUTE_MS) as EpochMs,
      label: e.label,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

interface MergedWindow {
  readonly start: number;
  readonly end: number;
  readonly labels: readonly string[];
}

/** Overlapping windows merged, so a lookup is one binary search. */
export class BlackoutIndex {
  readonly #windows: readonly MergedWindow[];

  constructor(windows: readonly BlackoutWindow[]) {
    for (const w of windows) {
      if (!Number.isFinite(w.start) || !Number.isFinite(w.end) || w.end < w.start)
        throw new InvariantError(`blackout window "${w.label}" has start ${w.start} after end ${w.end}`);
    }
    const merged: { start: number; end: number; labels: string[] }[] = [];
    for (const w of windows.filter((x) => x.end > x.start).sort((a, b) => a.start - b.start)) {
      const last = merged[merged.length - 1];
      if (last !== undefined && w.start < last.end) {
        last.end = Math.max(last.end, w.end);
        last.labels.push(w.label);
      } else merged.push({ start: w.start, end: w.end, labels: [w.label] });
    }
    this.#windows = merged;
  }

  /** The (merged) window containing `time`, if any. */
  find(time: number): MergedWindow | undefined {
    let lo = 0;
    let hi = this.#windows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = this.#windows[mid];
      if (w === undefined) break;
      if (time < w.start) hi = mid - 1;
      else if (time >= w.end) lo = mid + 1;
      else return w;
    }
    return undefined;
  }

  refusal(time: number): Finding | undefined {
    const w = this.find(time);
    if (w === undefined) return undefined;
    return {
      rule: 'event_blackout',
      numbers: { blackoutStart: w.start, blackoutEnd: w.end },
      message: `no entries from ${at(w.start)} to ${at(w.end)} around ${w.labels.map((l) => `"${l}"`).join(', ')}`,
    };
  }
}
