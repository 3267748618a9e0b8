import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkForwardSplits } from './walk-forward.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);

describe('walkForwardSplits', () => {
  it('rolls a 4-sample training window and purges the samples whose label reaches the test window', () => {
    // n = 12, horizon 2: sample 3's label (3, 5] overlaps test sample 4's (4, 6], so 3 is purged.
    const folds = walkForwardSplits({ samples: 12, horizon: 2, trainSize: 4, testSize: 3, mode: 'rolling' });
    expect(folds.map((f) => [f.train, f.test, f.purged])).toEqual([
      [[0, 1, 2], [4, 5, 6], [3]],
      [[3, 4, 5], [7, 8, 9], [6]],
      [[6, 7, 8], [10, 11], [9]],
    ]);
  });

  it('anchors the training window at sample 0', () => {
    const folds = walkForwardSplits({ samples: 12, horizon: 2, trainSize: 4, testSize: 3, mode: 'anchored' });
    expect(folds.map((f) => f.train)).toEqual([range(0, 3), range(0, 6), range(0, 9)]);
  });

  it('purges and embargoes the samples after the test window when training uses them', () => {
    // test 4..6: its label span ends at close 8, so 7 is purged, 8 embargoed (k = 1), 9.. train.
    const [first] = walkForwardSplits({
      samples: 12,
      horizon: 2,
      trainSize: 4,
      testSize: 3,
      mode: 'anchored',
      embargo: 1,
      trainAfterTest: true,
    });
    expect(first).toEqual({
      index: 0,
      train: [0, 1, 2, 9, 10, 11],
      test: [4, 5, 6],
      purged: [3, 7],
      embargoed: [8],
    });
  });

  it('skips folds without training samples and honours step', () => {
    // trainSize 2, horizon 3: the first test at 2 has no candidate with i + 3 <= 2; the test at 5
    // keeps 0..2 (2 + 3 <= 5), the test at 8 keeps 0..5.
    const folds = walkForwardSplits({
      samples: 10,
      horizon: 3,
      trainSize: 2,
      testSize: 2,
      step: 3,
      mode: 'anchored',
    });
    expect(folds.map((f) => [f.train, f.test])).toEqual([
      [
        [0, 1, 2],
        [5, 6],
      ],
      [range(0, 6), [8, 9]],
    ]);
  });

  it('rejects a horizon of 0 and fractional sizes by name', () => {
    expect(() =>
      walkForwardSplits({ samples: 10, horizon: 0, trainSize: 2, testSize: 2, mode: 'rolling' }),
    ).toThrow(/horizon must be an integer >= 1, got 0/);
    expect(() =>
      walkForwardSplits({ samples: 10, horizon: 1, trainSize: 2.5, testSize: 2, mode: 'rolling' }),
    ).toThrow(/trainSize/);
  });

  it('never lets a training label window overlap a test label window (property)', () => {
    const options = fc.record({
      samples: fc.integer({ min: 0, max: 120 }),
      horizon: fc.integer({ min: 1, max: 8 }),
      trainSize: fc.integer({ min: 1, max: 40 }),
      testSize: fc.integer({ min: 1, max: 20 }),
      step: fc.integer({ min: 1, max: 20 }),
      mode: fc.constantFrom('rolling' as const, 'anchored' as const),
      embargo: fc.integer({ min: 0, max: 6 }),
      trainAfterTest: fc.boolean(),
    });
    fc.assert(
      fc.property(options, (o) => {
        // plain comparisons in the loops: one expect per pair would take seconds
        const violations: string[] = [];
        for (const fold of walkForwardSplits(o)) {
          const lastTest = Math.max(...fold.test);
          for (const i of fold.train) {
            for (const j of fold.test) {
              // (i, i + h] and (j, j + h] overlap iff i < j + h and j < i + h
              if (i < j + o.horizon && j < i + o.horizon) violations.push(`fold ${fold.index}: ${i} vs ${j}`);
            }
            if (i > lastTest && i < lastTest + o.horizon + o.embargo)
              violations.push(`fold ${fold.index}: ${i} inside the embargo`);
          }
        }
        expect(violations).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
