import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberFromJson, parseDecimal, parseDecimalText } from './number-parse.js';

const read = (s: string): number => parseDecimalText(s);

describe('parseDecimal', () => {
  it('reads the decimal forms found in market files exactly as parseFloat does', () => {
    for (const s of [
      '13.97',
      '0.00002903',
      '-0.00345342',
      '591484',
      '7.947000',
      '1e-5',
      '5e-05',
      '.5',
      '1.',
      '+2.25',
    ]) {
      expect(read(s), `"${s}" must equal parseFloat`).toBe(parseFloat(s));
    }
  });

  it('matches parseFloat bit for bit on any double printed as text (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x);
        expect(Object.is(read(s), Number(s)), `${s}`).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 12 }), (m, k) => {
        const s = (m / 10 ** k).toFixed(k);
        expect(read(s), s).toBe(parseFloat(s));
      }),
    );
  });

  it('trims spaces and reads only the given range of a longer string', () => {
    expect(read('  12.5 ')).toBe(12.5);
    const line = Buffer.from('1700000000000,10.25,11');
    expect(parseDecimal(line, 14, 19)).toBe(10.25);
  });

  it('returns NaN for text that is not a plain decimal number', () => {
    for (const s of ['', '   ', 'abc', 'NaN', '0x10', '1,5', '1.2.3', '-', '.', 'Infinity', '12abc']) {
      expect(read(s), `"${s}" must be refused`).toBeNaN();
    }
  });

  it('reads JSON cells: numbers as they are, numeric strings, nothing else', () => {
    expect(numberFromJson(13.5)).toBe(13.5);
    expect(numberFromJson('42.10000000')).toBe(42.1);
    expect(numberFromJson(null)).toBeNaN();
    expect(numberFromJson('x')).toBeNaN();
  });
});
