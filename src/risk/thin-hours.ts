import type { RiskConfig } from '../config/index.js';
import { isThinHour } from '../execution/index.js';
import type { Finding } from './finding.js';
import { at } from './format.js';

const hh = (h: number): string => `${String(h % 24).padStart(2, '0')}:00`;

/** Refuses new entries in the low-liquidity hours [startHourUtc, endHourUtc) UTC (the window may wrap midnight). */
export function thinHoursRefusal(time: number, thinHours: RiskConfig['thinHours']): Finding | undefined {
  if (!thinHours.noEntries || !isThinHour(time, thinHours)) return undefined;
  return {
    rule: 'thin_hours',
    numbers: { startHourUtc: thinHours.startHourUtc, endHourUtc: thinHours.endHourUtc },
    message: `no new entries in the thin hours ${hh(thinHours.startHourUtc)}-${hh(thinHours.endHourUtc)} UTC (now ${at(time)})`,
  };
}
