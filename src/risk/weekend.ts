import { DAY_MS } from '../core/index.js';
import type { Finding } from './finding.js';
import { at } from './format.js';

/** Saturday or Sunday, UTC. (Day 0 of the epoch, 1970-01-01, was a Thursday.) */
export function isWeekendUtc(time: number): boolean {
  const weekday = (((Math.floor(time / DAY_MS) + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

/** Refuses a discretionary manual action at the weekend (the bot runs fully automated then). */
export function weekendManualRefusal(
  time: number,
  refuseManualOverrides: boolean,
  what: string,
): Finding | undefined {
  if (!refuseManualOverrides || !isWeekendUtc(time)) return undefined;
  return {
    rule: 'weekend_manual',
    numbers: {},
    message: `${what} refused at the weekend (${at(time)}): trading is fully automated on Saturday and Sunday UTC; a safety halt stays allowed`,
  };
}
