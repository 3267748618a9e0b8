import type { Candle } from '../data/index.js';

/**
 * The price path assumed inside one bar: open → first extreme → second extreme → close, straight
 * lines between them. Which extreme comes first is chosen pessimistically for the position held:
 *
 * * long: low before high (a stop or liquidation below is hit before a take-profit above);
 * * short: high before low;
 * * flat: the extreme nearer the open first (low first on a tie).
 *
 * This is freqtrade's "low before high" rule extended to shorts, and NautilusTrader's adaptive O→H→L→C
 * order when no position is at stake. Positions along the path are numbers in [0, 3]: 0 is the open,
 * 1 the first extreme, 2 the second, 3 the close, fractions in between.
 */

export type PathSide = 'long' | 'short' | 'flat';
export type IntrabarPath = readonly [open: number, first: number, second: number, close: number];

/** Which way the price must move to reach a level: `down` = price <= level, `up` = price >= level. */
export type Crossing = 'down' | 'up';

export function intrabarPath(
  bar: Pick<Candle, 'open' | 'high' | 'low' | 'close'>,
  side: PathSide,
): IntrabarPath {
  const lowFirst =
    side === 'long' ? true : side === 'short' ? false : bar.open - bar.low <= bar.high - bar.open;
  return lowFirst ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close];
}

/**
 * Where the path first reaches `level`, or undefined if it never does.
 *
 * @param strict require trading strictly beyond the level (`<` / `>`) instead of touching it.
 * @returns 0 when the open is already there (a gap), else the fraction along the first segment
 *   that reaches it.
 */
export function firstReach(
  path: IntrabarPath,
  level: number,
  crossing: Crossing,
  strict: boolean,
): number | undefined {
  if (isReached(path[0], level, crossing, strict)) return 0;
  for (let i = 0; i < 3; i++) {
    const a = path[i] ?? 0;
    const b = path[i + 1] ?? 0;
    // reached(b) && !reached(a) implies a !== b, so the division is safe.
    if (isReached(b, level, crossing, strict)) return i + (a - level) / (a - b);
  }
  return undefined;
}

/**
 * Whether the bar's path reaches `level` at all (touching it): the same answer as `firstReach(path,
 * level, crossing, false) !== undefined` for either path order, without building the path.
 */
export function barReaches(
  bar: Pick<Candle, 'open' | 'high' | 'low' | 'close'>,
  level: number,
  crossing: Crossing,
): boolean {
  const { open, high, low, close } = bar;
  return crossing === 'down'
    ? open <= level || low <= level || high <= level || close <= level
    : open >= level || high >= level || low >= level || close >= level;
}

function isReached(p: number, level: number, crossing: Crossing, strict: boolean): boolean {
  if (crossing === 'down') return strict ? p < level : p <= level;
  return strict ? p > level : p >= level;
}

/** Side of a signed net position. */
export function sideOf(positionQty: number): PathSide {
  return positionQty > 0 ? 'long' : positionQty < 0 ? 'short' : 'flat';
}
