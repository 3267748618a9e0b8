/** 10^k for k = 0..22, each exact in float64 (5^22 < 2^53). */
const POW10: readonly number[] = (() => {
  const out = [1];
  for (let k = 1; k <= 22; k++) out.push((out[k - 1] as number) * 10);
  return out;
})();
const TWO_53 = 2 ** 53;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text of bytes[start, end) (UTF-8), for messages and the rare slow paths. */
export function textOf(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end);
}

/** UTF-8 bytes of a string, for reading short strings (JSON cells, header cells) with the byte parsers. */
export function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** True when bytes[start, end) hold nothing but spaces or tabs. */
export function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * Reads the decimal number in bytes[start, end) without allocating; NaN when it is not one.
 * Fast path: up to 15 significant digits and 22 decimals become `mantissa / 10^decimals`, a single
 * correctly rounded division of two exact doubles, hence bit-identical to `parseFloat`. Anything else
 * (exponents, long mantissas) goes through `Number` after a strict syntax check, so `0x10`, `Infinity`
 * and `1,5` are rejected rather than misread. Spaces and tabs around the number are ignored.
 */
export function parseDecimal(bytes: Buffer, start: number, end: number): number {
  let i = start;
  let e = end;
  if (i === e) return NaN;
  let c = bytes[i] as number;
  if (c === 32 || c === 9 || bytes[e - 1] === 32 || bytes[e - 1] === 9) {
    while (i < e && (bytes[i] === 32 || bytes[i] === 9)) i++;
    while (e > i && (bytes[e - 1] === 32 || bytes[e - 1] === 9)) e--;
    if (i === e) return NaN;
    c = bytes[i] as number;
  }
  const neg = c === 45;
  if (neg || c === 43) i++;
  let mant = 0;
  let decimals = 0;
  let dot = false;
  let digits = false;
  for (; i < e; i++) {
    c = bytes[i] as number;
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits = true;
      if (dot) decimals++;
    } else if (c === 46 && !dot) dot = true;
    else return slowParse(bytes, start, end);
  }
  if (!digits) return NaN;
  if (mant >= TWO_53 || decimals > 22) return slowParse(bytes, start, end);
  const v = decimals === 0 ? mant : mant / (POW10[decimals] as number);
  return neg ? -v : v;
}

function slowParse(bytes: Buffer, start: number, end: number): number {
  const s = bytes.toString('latin1', start, end).trim();
  return NUMBER_TEXT.test(s) ? Number(s) : NaN;
}

/** `parseDecimal` for a whole string. */
export function parseDecimalText(text: string): number {
  const bytes = bytesOf(text);
  return parseDecimal(bytes, 0, bytes.length);
}

/** Reads a number from a JSON cell: a number as is, a numeric string via `parseDecimal`, else NaN. */
export function numberFromJson(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseDecimalText(value);
  return NaN;
}
