import { describe, expect, it } from 'vitest';
import { ChunkSize } from './chunk-size.js';

describe('ChunkSize', () => {
  it('halves on each failure down to the minimum, then reports it cannot shrink', () => {
    const size = new ChunkSize(2000, 100);
    const seen = [size.current];
    while (size.failed()) seen.push(size.current);
    expect(seen).toEqual([2000, 1000, 500, 250, 125, 100]);
    expect(size.current).toBe(100);
  });

  it('grows back by a quarter after three successes in a row, never above the start size', () => {
    const size = new ChunkSize(2000, 5);
    size.failed();
    size.failed(); // 500
    const seen: number[] = [];
    for (let i = 0; i < 18; i++) {
      size.succeeded();
      seen.push(size.current);
    }
    expect(seen.filter((_, i) => i % 3 === 2)).toEqual([625, 781, 976, 1220, 1525, 1906]);
    for (let i = 0; i < 6; i++) size.succeeded();
    expect(size.current).toBe(2000);
  });

  it('a failure resets the success streak', () => {
    const size = new ChunkSize(1000, 10);
    size.failed(); // 500
    size.succeeded();
    size.succeeded();
    size.failed(); // 250
    size.succeeded();
    size.succeeded();
    expect(size.current).toBe(250);
    size.succeeded();
    expect(size.current).toBe(312);
  });

  it('refuses a minimum above the maximum', () => {
    expect(() => new ChunkSize(10, 20)).toThrow('chunk sizes need 1 <= min <= max, got min 20, max 10');
  });
});
