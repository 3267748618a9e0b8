import { HOUR_MS, InputError, MINUTE_MS } from '../../core/index.js';
import { bytesOf, parseDecimal } from './number-parse.js';
import type { TimeUnit } from './import.types.js';

/** Times outside [2000, 2100) are refused: they come from a wrong unit, not from NMR history. */
export const MIN_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
export const MAX_PLAUSIBLE_MS = Date.UTC(2100, 0, 1);

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses `+03:00`, `-0530`, `+3`, `UTC+3`, `Z` or `UTC` into milliseconds east of UTC. */
export function parseTzOffset(text: string): number {
  const t = text.trim();
  if (/^(Z|UTC|GMT)$/i.test(t)) return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t);
  const hours = Number(m?.[2]);
  const minutes = Number(m?.[3] ?? 0);
  if (!m || hours > 14 || minutes > 59) {
    throw new InputError(`cannot read time-zone offset "${text}" (examples: +03:00, -05:30, UTC+3)`);
  }
  return (m[1] === '-' ? -1 : 1) * (hours * HOUR_MS + minutes * MINUTE_MS);
}

/** Formats an offset in ms as `+03:00`. */
export function formatTzOffset(ms: number): string {
  const abs = Math.abs(ms);
  const h = Math.floor(abs / HOUR_MS);
  const m = Math.floor((abs % HOUR_MS) / MINUTE_MS);
  return `${ms < 0 ? '-' : '+'}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function digits(text: Buffer, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = text[i] ?? -1;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/**
 * Reads the time fields of one file into epoch ms and counts how each was written, so the import
 * can say whether `--tz-offset` applied. Epoch numbers in `auto` unit: >= 1e17 ns, >= 1e14 µs
 * (Binance dumps since 2025), >= 1e11 ms, else seconds; sub-millisecond parts are truncated.
 * Text is ISO-8601 (`2024-10-23 07:00:00`, `2023-07-04T13:00:00.000Z`, `...+00:00`, `2023-09-04`);
 * text without a zone is UTC unless a tz offset is given.
 */
export class TimeReader {
  numeric = 0;
  zoned = 0;
  naive = 0;

  constructor(
    readonly unit: TimeUnit = 'auto',
    readonly tzOffsetMs = 0,
  ) {}

  /** Epoch ms of the time written in a string, or NaN when unreadable. */
  readText(text: string): number {
    const bytes = bytesOf(text);
    return this.read(bytes, 0, bytes.length);
  }

  /** Epoch ms of the time written in bytes[start, end), or NaN when unreadable. */
  read(text: Buffer, start: number, end: number): number {
    let s = start;
    let e = end;
    if (text[s] === 32 || text[e - 1] === 32) {
      while (s < e && text[s] === 32) s++;
      while (e > s && text[e - 1] === 32) e--;
    }
    if (this.unit !== 'iso' && !(e - s >= 10 && text[s + 4] === 45)) {
      return this.fromNumber(parseDecimal(text, s, e));
    }
    if (this.unit !== 'auto' && this.unit !== 'iso') return NaN;
    return this.#iso(text, s, e);
  }

  /** Converts an epoch number in this reader's unit to ms. */
  fromNumber(v: number): number {
    if (!Number.isFinite(v) || v < 0) return NaN;
    this.numeric++;
    switch (this.unit) {
      case 'ms':
        return Math.floor(v);
      case 'us':
        return Math.floor(v / 1e3);
      case 's':
        return Math.round(v * 1e3);
      case 'iso':
        return NaN;
      case 'auto':
        if (v >= 1e17) return Math.floor(v / 1e6);
        if (v >= 1e14) return Math.floor(v / 1e3);
        if (v >= 1e11) return Math.floor(v);
        return Math.round(v * 1e3);
    }
  }

  #iso(text: Buffer, s: number, e: number): number {
    if (e - s < 10 || text[s + 4] !== 45 || text[s + 7] !== 45) return NaN;
    const y = digits(text, s, 4);
    const mo = digits(text, s + 5, 2);
    const d = digits(text, s + 8, 2);
    let hh = 0;
    let mi = 0;
    let ss = 0;
    let ms = 0;
    let p = s + 10;
    if (p < e && (text[p] === 84 || text[p] === 32) && p + 6 <= e) {
      hh = digits(text, p + 1, 2);
      if (text[p + 3] !== 58) return NaN;
      mi = digits(text, p + 4, 2);
      p += 6;
      if (p < e && text[p] === 58) {
        ss = digits(text, p + 1, 2);
        p += 3;
        if (p < e && text[p] === 46) {
          p++;
          let scale = 100;
          const from = p;
          for (; p < e; p++) {
            const c = text[p] ?? -1;
            if (c < 48 || c > 57) break;
            ms += (c - 48) * scale;
            scale /= 10;
          }
          if (p === from) return NaN;
          ms = Math.floor(ms);
        }
      }
    }
    let offset = this.tzOffsetMs;
    if (p === e) this.naive++;
    else {
      const c = text[p] ?? -1;
      if (c === 90 && p + 1 === e) offset = 0;
      else if ((c === 43 || c === 45) && p + 3 <= e) {
        const oh = digits(text, p + 1, 2);
        p += 3;
        if (p < e && text[p] === 58) p++;
        const om = p < e ? digits(text, p, 2) : 0;
        if (p < e) p += 2;
        if (oh < 0 || om < 0 || p !== e) return NaN;
        offset = (c === 45 ? -1 : 1) * (oh * HOUR_MS + om * MINUTE_MS);
      } else return NaN;
      this.zoned++;
    }
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > (DAYS_IN_MONTH[mo - 1] as number)) return NaN;
    if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return NaN;
    return Date.UTC(y, mo - 1, d, hh, mi, ss, ms) - offset;
  }
}
