/** `x` limited to [-1, 1]; NaN is a broken invariant upstream and is passed on, not hidden. */
export function clampUnit(x: number): number {
  return Math.min(1, Math.max(-1, x));
}

/**
 * tanh(x / scale), with a zero scale read as the limit: sign(x) (0 for x = 0). Used where a
 * volatility can be exactly zero (a flat or perfectly steady price).
 */
export function squash(x: number, scale: number): number {
  if (scale === 0) return Math.sign(x);
  return clampUnit(Math.tanh(x / scale));
}

/** The push against `x`, limited to [-1, 1]; `0 - x` rather than `-x` so that 0 never becomes -0. */
export function opposing(x: number): number {
  return 0 - clampUnit(x);
}
