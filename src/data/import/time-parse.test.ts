import { describe, expect, it } from 'vitest';
import { TimeReader, formatTzOffset, parseTzOffset } from './time-parse.js';

const T = Date.UTC(2024, 0, 1, 0, 0);
const read = (r: TimeReader, s: string): number => r.readText(s);

describe('TimeReader', () => {
  it('tells epoch seconds, ms, µs and ns apart by magnitude in auto mode', () => {
    const r = new TimeReader();
    expect(read(r, '1704067200'), 'seconds').toBe(T);
    expect(read(r, '1704067200000'), 'milliseconds').toBe(T);
    expect(read(r, '1704067200000000'), 'microseconds (Binance spot dumps since 2025)').toBe(T);
    expect(read(r, '1704067200000000000'), 'nanoseconds (pandas)').toBe(T);
    expect(r.numeric).toBe(4);
  });

  it('obeys an explicit unit and refuses text times under a numeric unit', () => {
    expect(read(new TimeReader('us'), '1704067200000123')).toBe(T);
    expect(read(new TimeReader('s'), '1704067200.5')).toBe(T + 500);
    expect(read(new TimeReader('ms'), '2024-01-01 00:00:00')).toBeNaN();
    expect(read(new TimeReader('iso'), '1704067200000')).toBeNaN();
  });

  it('reads ISO text with or without a zone; zone-less text is UTC unless an offset is given', () => {
    const r = new TimeReader();
    expect(read(r, '2024-01-01 00:00:00')).toBe(T);
    expect(read(r, '2024-01-01T00:00:00.000Z')).toBe(T);
    expect(read(r, '2024-01-01T03:00:00+03:00')).toBe(T);
    expect(read(r, '2024-01-01')).toBe(T);
    expect(read(r, '2026-01-17T06:59:27.304719+00:00'), 'µs fraction truncated to ms').toBe(
      Date.UTC(2026, 0, 17, 6, 59, 27, 304),
    );
    expect(r.naive).toBe(2);
    expect(r.zoned).toBe(3);
    const local = new TimeReader('auto', parseTzOffset('+03:00'));
    expect(read(local, '2024-01-01 03:00:00'), 'UTC+3 local time').toBe(T);
    expect(read(local, '2024-01-01T00:00:00Z'), 'an explicit zone wins over the offset').toBe(T);
  });

  it('refuses impossible dates instead of rolling them over', () => {
    const r = new TimeReader();
    for (const s of [
      '2024-02-30 00:00:00',
      '2023-02-29',
      '2024-13-01',
      '2024-01-01 24:00:00',
      '2024-01-01 00:60',
    ]) {
      expect(read(r, s), s).toBeNaN();
    }
    expect(read(r, '2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('parseTzOffset', () => {
  it('reads the usual spellings into ms east of UTC', () => {
    expect(parseTzOffset('+03:00')).toBe(3 * 3_600_000);
    expect(parseTzOffset('UTC+3')).toBe(3 * 3_600_000);
    expect(parseTzOffset('-0530')).toBe(-(5.5 * 3_600_000));
    expect(parseTzOffset('Z')).toBe(0);
    expect(formatTzOffset(-(5.5 * 3_600_000))).toBe('-05:30');
  });

  it('names the bad value in its error', () => {
    expect(() => parseTzOffset('three')).toThrow('cannot read time-zone offset "three"');
  });
});
