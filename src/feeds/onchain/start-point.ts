import { HOUR_MS, isoTime } from '../../core/index.js';
import type { BlockClock } from './block-clock.js';
import type { HourLedger, HourMark } from './hour-ledger.js';

/** How far back a changed cursor hash is chased through the stored hours before giving up. */
const REORG_WALK_HOURS = 168;

export function floorHour(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

export interface StartPoint {
  /** The first UTC hour to (re)aggregate. */
  readonly hourStart: number;
  readonly warnings: readonly string[];
}

/** The hour holding the first block at or after `floorHour(t)`; undefined when the chain has not got there. */
export async function startAtTime(
  clock: BlockClock,
  t: number,
  head: number,
): Promise<StartPoint | undefined> {
  const first = await clock.firstAtOrAfter(floorHour(t), 0, head);
  if (first > head) return undefined;
  return { hourStart: floorHour(await clock.timestamp(first)), warnings: [] };
}

/**
 * Where an incremental run resumes: the hour holding block `cursor - marginBlocks + 1`, so the last
 * stored hour is always read again (a provider answering from a lagging node is corrected). When the
 * cursor block's hash changed, the chain reorganised below the confirmations: the stored hours are
 * walked back to the newest one still on the chain and everything after it is read again.
 */
export async function resumeFromLedger(
  clock: BlockClock,
  ledger: HourLedger,
  head: number,
  marginBlocks: number,
): Promise<StartPoint | undefined> {
  const latest = ledger.latest();
  if (latest === undefined) return undefined;
  if (latest.lastBlock > head) {
    // A load-balanced provider can answer from a node behind the one that served the last run.
    return {
      hourStart: latest.hourStart,
      warnings: [
        `the RPC's head block ${head} is behind the stored cursor (block ${latest.lastBlock}): a lagging node? ` +
          'nothing new was read',
      ],
    };
  }
  if (await onChain(clock, latest, head)) {
    return { hourStart: await hourOfBlock(clock, latest.lastBlock - marginBlocks + 1), warnings: [] };
  }
  const older = ledger.before(latest.hourStart, REORG_WALK_HOURS);
  let kept: HourMark | undefined;
  for (const mark of older) {
    if (await onChain(clock, mark, head)) {
      kept = mark;
      break;
    }
  }
  const hourStart =
    kept === undefined
      ? (older.at(-1) ?? latest).hourStart
      : await hourOfBlock(clock, kept.lastBlock - marginBlocks + 1);
  ledger.forgetFrom(hourStart);
  const found =
    kept === undefined
      ? `none of the ${older.length} stored hours before it is on the chain either`
      : `the newest stored hour still on the chain is ${isoTime(kept.hourStart)}`;
  return {
    hourStart,
    warnings: [
      `the chain reorganised below the confirmed cursor (block ${latest.lastBlock} of hour ` +
        `${isoTime(latest.hourStart)} changed); ${found}: re-reading from ${isoTime(hourStart)}`,
    ],
  };
}

async function onChain(clock: BlockClock, mark: HourMark, head: number): Promise<boolean> {
  return mark.lastBlock <= head && (await clock.block(mark.lastBlock)).hash === mark.lastHash;
}

async function hourOfBlock(clock: BlockClock, n: number): Promise<number> {
  return floorHour(await clock.timestamp(Math.max(0, n)));
}
