/**
 * Exact decimal rounding to an exchange increment (tick or step).
 *
 * Both numbers are read as decimals at 15 significant digits (float64 carries 15-17), so arithmetic
 * noise such as `0.7 - 0.4 = 0.29999999999999993` or `0.1 + 0.2 = 0.30000000000000004` counts as
 * `0.3`. The rounding itself is done on integers (BigInt multiples of 10^-decimals), and the result
 * is converted back from its decimal text, so a multiple of 0.1 comes back as `0.3`, never
 * `0.29999999999999998`.
 */

export type RoundingMode = 'nearest' | 'down' | 'up';

interface Decimal {
  /** The value is `units * 10^-decimals`. */
  readonly units: bigint;
  readonly decimals: number;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

function toDecimal(value: number, what: string): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
  const text = Number(value.toPrecision(15)).toString();
  const m = DECIMAL_TEXT.exec(text);
  if (!m) throw new RangeError(`${what} cannot be read as a decimal: ${text}`);
  const fraction = m[3] ?? '';
  let units = BigInt(`${m[1] ?? ''}${m[2] ?? '0'}${fraction}`);
  let decimals = fraction.length - Number(m[4] ?? 0);
  if (decimals < 0) {
    units *= 10n ** BigInt(-decimals);
    decimals = 0;
  }
  return { units, decimals };
}

function rescale(d: Decimal, decimals: number): bigint {
  return d.units * 10n ** BigInt(decimals - d.decimals);
}

function divide(a: bigint, b: bigint, mode: RoundingMode): bigint {
  // b > 0; BigInt division truncates toward zero.
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  if (mode === 'down') return r < 0n ? q - 1n : q;
  if (mode === 'up') return r > 0n ? q + 1n : q;
  const twiceRemainder = 2n * (r < 0n ? -r : r);
  if (twiceRemainder < b) return q;
  return r < 0n ? q - 1n : q + 1n; // ties away from zero, like ccxt's ROUND
}

function fromDecimal(units: bigint, decimals: number): number {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  const result = Number(`${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);
  return result === 0 ? 0 : result; // never -0
}

/** Number of decimal places of `value` as written (0.01 → 2, 5 → 0, 1e-7 → 7). */
export function decimalPlaces(value: number): number {
  return toDecimal(value, 'value').decimals;
}

/**
 * Largest multiple count the float fast path serves. Far above any real order or price, and low
 * enough that float noise in `v / increment` stays far below the decimal spacing of multiples and
 * ties (above ~1e14 it does not, for increments such as 25).
 */
const FAST_LIMIT = 1e9;
/**
 * Relative float error of `v / increment` for decimals v and increment (three roundings). A 15-digit
 * decimal that is not a multiple lies at least 1e-15 (relative) from one, far outside this.
 */
const NOISE = 5e-16;
/** Per increment: its decimal places and its value in units of 10^-places (an exact integer). */
const incrementScales = new Map<number, { places: number; units: number; scale: number }>();
/**
 * Below this many multiples, reading the value at 15 significant digits moves `value / increment` by
 * less than 1e-6 (5e-15 relative at most), so a quotient farther than that from every rounding
 * boundary rounds the same either way and the string round trip can be skipped.
 */
const SKIP_READ_LIMIT = 1e8;
const BOUNDARY_MARGIN = 1e-6;

function scaleOf(increment: number): { places: number; units: number; scale: number } {
  let s = incrementScales.get(increment);
  if (s === undefined) {
    const places = toDecimal(increment, 'increment').decimals;
    const scale = 10 ** places;
    s = { places, units: Math.round(increment * scale), scale };
    if (incrementScales.size < 64) incrementScales.set(increment, s);
  }
  return s;
}

/**
 * Rounds `value` to a whole multiple of `increment` (> 0), exactly in decimal. A float fast path
 * serves the usual case (it runs for every simulated fill and bar); values beyond its range go
 * through the BigInt path, which defines the result. The two agree (property test).
 */
export function roundToIncrement(value: number, increment: number, mode: RoundingMode): number {
  if (!(increment > 0)) throw new RangeError(`increment must be positive, got ${increment}`);
  if (!Number.isFinite(value)) throw new RangeError(`value must be a finite number, got ${value}`);
  const { places, units, scale } = scaleOf(increment);
  if (places > 15) return roundToIncrementExact(value, increment, mode);
  let k = value / increment;
  if (!(Math.abs(k) < SKIP_READ_LIMIT && farFromBoundary(k, mode))) {
    // Read the value at 15 significant digits first, exactly as the BigInt path does.
    const v = Number(value.toPrecision(15));
    k = v / increment;
    if (!(Math.abs(k) < FAST_LIMIT && (k !== 0 || v === 0))) {
      return roundToIncrementExact(value, increment, mode);
    }
  }
  const multiples = roundMultiples(k, mode);
  if (Math.abs(multiples * units) > Number.MAX_SAFE_INTEGER)
    return roundToIncrementExact(value, increment, mode);
  // An exact integer over an exact power of ten: the closest double to the decimal result.
  const result = (multiples * units) / scale;
  return result === 0 ? 0 : result;
}

function farFromBoundary(k: number, mode: RoundingMode): boolean {
  const frac = k - Math.floor(k);
  if (frac < BOUNDARY_MARGIN || frac > 1 - BOUNDARY_MARGIN) return false;
  return mode !== 'nearest' || Math.abs(frac - 0.5) > BOUNDARY_MARGIN;
}

function roundMultiples(k: number, mode: RoundingMode): number {
  const nearest = Math.round(k);
  if (Math.abs(k - nearest) <= Math.abs(k) * NOISE) return nearest;
  if (mode === 'down') return Math.floor(k);
  if (mode === 'up') return Math.ceil(k);
  const half = Math.floor(k) + 0.5;
  if (Math.abs(k - half) <= Math.abs(k) * NOISE) return k < 0 ? Math.floor(k) : Math.ceil(k); // ties away from zero, like ccxt
  return nearest;
}

/** The defining BigInt implementation of {@link roundToIncrement}. */
export function roundToIncrementExact(value: number, increment: number, mode: RoundingMode): number {
  if (!(increment > 0)) throw new RangeError(`increment must be positive, got ${increment}`);
  const v = toDecimal(value, 'value');
  const inc = toDecimal(increment, 'increment');
  const decimals = Math.max(v.decimals, inc.decimals);
  const step = rescale(inc, decimals);
  const multiples = divide(rescale(v, decimals), step, mode);
  return fromDecimal(multiples * step, decimals);
}
