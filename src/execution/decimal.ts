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

/** Largest multiple count the float fast path handles exactly. */
const FAST_LIMIT = 2 ** 50;
/**
 * Relative float error of `v / increment` for decimals v and increment (three roundings). A 15-digit
 * decimal that is not a multiple lies at least 1e-15 (relative) from one, far outside this.
 */
const NOISE = 5e-16;
const incrementDecimals = new Map<number, number>();

/**
 * Rounds `value` to a whole multiple of `increment` (> 0), exactly in decimal. A float fast path
 * serves the usual case (a few hundred nanoseconds, it runs for every simulated fill and bar); values
 * beyond its range go through the BigInt path, which defines the result. The two agree (property test).
 */
export function roundToIncrement(value: number, increment: number, mode: RoundingMode): number {
  if (!(increment > 0)) throw new RangeError(`increment must be positive, got ${increment}`);
  if (!Number.isFinite(value)) throw new RangeError(`value must be a finite number, got ${value}`);
  let places = incrementDecimals.get(increment);
  if (places === undefined) {
    places = toDecimal(increment, 'increment').decimals;
    if (incrementDecimals.size < 64) incrementDecimals.set(increment, places);
  }
  // Read the value at 15 significant digits first, exactly as the BigInt path does.
  const v = Number(value.toPrecision(15));
  const k = v / increment;
  if (places <= 15 && Math.abs(k) < FAST_LIMIT && (k !== 0 || v === 0)) {
    const nearest = Math.round(k);
    let multiples: number;
    if (Math.abs(k - nearest) <= Math.abs(k) * NOISE) multiples = nearest;
    else if (mode === 'down') multiples = Math.floor(k);
    else if (mode === 'up') multiples = Math.ceil(k);
    else {
      const half = Math.floor(k) + 0.5;
      const tie = Math.abs(k - half) <= Math.abs(k) * NOISE;
      if (tie)
        multiples = k < 0 ? Math.floor(k) : Math.ceil(k); // ties away from zero, like ccxt
      else multiples = nearest;
    }
    const result = Number((multiples * increment).toFixed(places));
    return result === 0 ? 0 : result;
  }
  return roundToIncrementExact(value, increment, mode);
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
