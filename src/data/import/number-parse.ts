/** 10^k for k = 0..22, each exact in float64 (5^22 < 2^53). */
const POW10: readonly number[] = (() => {
  const out = [1];
  for (let k = 1; k <= 22; k++) out.push((out[k - 1] as number) * 10);
  return out;
})();
const TWO_53 = 2 ** 53;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** True when text[start, end) holds nothing but spaces or tabs. */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Reads the decimal number in text[start, end) without allocating; NaN when it is not one.
 * Fast path: up to 15 significant digits and 22 decimals become `mantissa / 10^decimals`, a single
 * correctly rounded division of two exact doubles, hence bit-identical to `parseFloat`. Anything else
 * (exponents, long mantissas) goes through `Number` after a strict syntax check, so `0x10`, `Infinity`
 * and `1,5` are rejected rather than misread.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  let i = start;
  let e = end;
  while (i < e && isSpace(text.charCodeAt(i))) i++;
  while (e > i && isSpace(text.charCodeAt(e - 1))) e--;
  if (i === e) return NaN;
  let c = text.charCodeAt(i);
  const neg = c === 45;
  if (neg || c === 43) i++;
  let mant = 0;
  let decimals = 0;
  let dot = false;
  let digits = false;
  for (; i < e; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits = true;
      if (dot) decimals++;
    } else if (c === 46 && !dot) dot = true;
    else return slowParse(text, start, end);
  }
  if (!digits) return NaN;
  if (mant >= TWO_53 || decimals > 22) return slowParse(text, start, end);
  const v = decimals === 0 ? mant : mant / (POW10[decimals] as number);
  return neg ? -v : v;
}

function slowParse(text: string, start: number, end: number): number {
  const s = text.slice(start, end).trim();
  return NUMBER_TEXT.test(s) ? Number(s) : NaN;
}

/** Reads a number from a JSON cell: a number as is, a numeric string via `parseDecimal`, else NaN. */
export function numberFromJson(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseDecimal(value, 0, value.length);
  return NaN;
}
