import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../core/index.js';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the last `capacity` values, newest at ago(0), and returns what a push evicts', () => {
    const buffer = new RingBuffer(3);
    expect(buffer.push(1)).toBeUndefined();
    expect(buffer.push(2)).toBeUndefined();
    expect(buffer.push(3)).toBeUndefined();
    expect(buffer.isFull).toBe(true);
    expect(buffer.push(4), 'the oldest value goes first').toBe(1);
    expect([buffer.ago(0), buffer.ago(1), buffer.ago(2)]).toEqual([4, 3, 2]);
    expect(buffer.size).toBe(3);
  });

  it('replaceNewest overwrites only the latest value', () => {
    const buffer = new RingBuffer(2);
    buffer.push(1);
    buffer.push(2);
    buffer.replaceNewest(5);
    expect([buffer.ago(0), buffer.ago(1)]).toEqual([5, 1]);
  });

  it('refuses to read a value it does not hold', () => {
    const buffer = new RingBuffer(3);
    buffer.push(1);
    expect(() => buffer.ago(1)).toThrow(InvariantError);
    expect(() => new RingBuffer(3).replaceNewest(1)).toThrow(InvariantError);
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
