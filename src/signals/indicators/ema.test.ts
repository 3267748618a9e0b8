import { describe, expect, it } from 'vitest';
import { Ema } from './ema.js';

describe('Ema', () => {
  it('is seeded with the first input and follows alpha = 2/(n+1) (hand-worked, n=3)', () => {
    const ema = new Ema(3); // alpha 0.5
    ema.add(10);
    ema.add(12); // 10 + 0.5*2 = 11
    expect(ema.add(14)).toBe(12.5); // 11 + 0.5*3
    expect(ema.value).toBe(12.5);
  });

  it('yields its first reading exactly at the declared warm-up count', () => {
    const ema = new Ema(3);
    expect(ema.add(1)).toBeNull();
    expect(ema.add(1)).toBeNull();
    expect(ema.isStable).toBe(false);
    expect(ema.add(1)).toBe(1);
    expect(ema.isStable).toBe(true);
  });

  it('replace revises the latest input without counting it twice', () => {
    const a = new Ema(3);
    const b = new Ema(3);
    a.add(10);
    a.add(99);
    a.replace(12);
    a.add(14);
    b.add(10);
    b.add(12);
    b.add(14);
    expect(a.result()).toBe(b.result());
  });
});
