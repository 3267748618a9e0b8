import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RoundingMode, roundToIncrement, roundToIncrementExact } from './decimal.js';

describe('roundToIncrement', () => {
  it('reads float noise as the decimal it stands for', () => {
    expect(roundToIncrement(0.7 - 0.4, 0.1, 'down')).toBe(0.3);
    expect(roundToIncrement(0.1 + 0.2, 0.1, 'up')).toBe(0.3);
    expect(roundToIncrement(1.234, 0.1, 'down')).toBe(1.2);
  });

  it('rounds decimal ties away from zero, like ccxt', () => {
    expect(roundToIncrement(0.25, 0.1, 'nearest')).toBe(0.3);
    expect(roundToIncrement(-0.25, 0.1, 'nearest')).toBe(-0.3);
    expect(roundToIncrement(10.0165, 0.001, 'nearest')).toBe(10.017);
  });

  it('agrees with the exact BigInt implementation (property)', () => {
    const increments = [1, 0.5, 0.1, 0.01, 0.001, 0.25, 5, 0.0001, 1e-8];
    const modes: RoundingMode[] = ['down', 'up', 'nearest'];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: -1e7, max: 1e7, noNaN: true }),
          fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000),
          fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 20),
          fc.double({ min: -1e18, max: 1e18, noNaN: true }),
          // Multiples and ties of the increments, with a few ulps of float noise.
          fc
            .tuple(
              fc.integer({ min: -1e9, max: 1e9 }),
              fc.constantFrom(...increments),
              fc.integer({ min: -3, max: 3 }),
            )
            .map(([n, inc, ulps]) => n * inc * (1 + ulps * Number.EPSILON)),
          fc
            .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.constantFrom(...increments))
            .map(([n, inc]) => (n + 0.5) * inc),
        ),
        fc.constantFrom(...increments),
        fc.constantFrom(...modes),
        (value, inc, mode) => {
          expect(roundToIncrement(value, inc, mode), `${value} to ${inc} ${mode}`).toBe(
            roundToIncrementExact(value, inc, mode),
          );
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
