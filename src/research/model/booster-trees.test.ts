import { describe, expect, it } from 'vitest';
import { boosterImportance, boosterMargin, boosterRow, parseBoosterTrees } from './booster-trees.js';

interface HandNode {
  readonly left?: number;
  readonly right?: number;
  readonly feature?: number;
  /** Threshold at a split, leaf value at a leaf. */
  readonly value: number;
  readonly gain?: number;
}

/** Writes the binary layout documented in booster-trees.ts (hand-built test boosters). */
function writeBooster(
  trees: readonly (readonly HandNode[])[],
  options: { features: number; baseMargin?: number; objective?: string },
): Uint8Array {
  const parts: Buffer[] = [];
  const learner = Buffer.alloc(136);
  learner.writeFloatLE(options.baseMargin ?? 0, 0);
  learner.writeUInt32LE(options.features, 4);
  parts.push(learner);
  for (const name of [options.objective ?? 'binary:logistic', 'gbtree']) {
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(name.length));
    parts.push(length, Buffer.from(name, 'latin1'));
  }
  const gb = Buffer.alloc(160);
  gb.writeInt32LE(trees.length, 0);
  gb.writeInt32LE(1, 24);
  parts.push(gb);
  for (const nodes of trees) {
    const param = Buffer.alloc(148);
    param.writeInt32LE(nodes.length, 4);
    const body = Buffer.alloc(nodes.length * 20);
    const stats = Buffer.alloc(nodes.length * 16);
    nodes.forEach((n, k) => {
      body.writeInt32LE(n.left ?? -1, k * 20 + 4);
      body.writeInt32LE(n.right ?? -1, k * 20 + 8);
      body.writeUInt32LE(n.feature ?? 0, k * 20 + 12);
      body.writeFloatLE(n.value, k * 20 + 16);
      stats.writeFloatLE(n.gain ?? 0, k * 16);
    });
    parts.push(param, body, stats);
  }
  parts.push(Buffer.alloc(4 * trees.length));
  return Buffer.concat(parts);
}

// Tree 0: x1 < 0.5 ? -0.25 : 0.5 (gain 10). Tree 1: x0 < 0 ? (x1 < 2 ? 0.125 : -0.125) : 0.0625.
const handTrees: HandNode[][] = [
  [{ left: 1, right: 2, feature: 1, value: 0.5, gain: 10 }, { value: -0.25 }, { value: 0.5 }],
  [
    { left: 1, right: 2, feature: 0, value: 0, gain: 4 },
    { left: 3, right: 4, feature: 1, value: 2, gain: 1 },
    { value: 0.0625 },
    { value: 0.125 },
    { value: -0.125 },
  ],
];

describe('parseBoosterTrees', () => {
  const trees = parseBoosterTrees(writeBooster(handTrees, { features: 2, baseMargin: 0.25 }));

  it('sums the leaves each row reaches, plus the base margin (hand-worked)', () => {
    // [-1, 0]: -0.25 + 0.125 + 0.25; [3, 1]: 0.5 + 0.0625 + 0.25; [-2, 5]: 0.5 - 0.125 + 0.25
    expect(boosterMargin(trees, [-1, 0])).toBe(0.125);
    expect(boosterMargin(trees, [3, 1])).toBe(0.8125);
    expect(boosterMargin(trees, [-2, 5])).toBe(0.625);
    expect(boosterMargin(trees, [0, 0.5]), 'x = threshold goes right').toBe(0.8125);
  });

  it('adds up gain and split counts per feature over reachable splits', () => {
    expect(boosterImportance(trees)).toEqual({ gain: [4, 11], splits: [1, 2] });
  });

  it('moves -1 just below -1 and rounds to float32', () => {
    expect(boosterRow([-1, 0.1, 2])).toEqual([-1.0000001192092896, Math.fround(0.1), 2]);
    expect(boosterRow([-1])[0] ?? 0).toBeLessThan(-1);
  });

  it('names what is wrong in a damaged booster', () => {
    const bytes = writeBooster(handTrees, { features: 2 });
    expect(() => parseBoosterTrees(bytes.subarray(0, bytes.length - 30))).toThrow(
      /^tree 1: needs 80 bytes at offset \d+, the model has \d+$/,
    );
    expect(() =>
      parseBoosterTrees(writeBooster(handTrees, { features: 2, objective: 'reg:linear' })),
    ).toThrow('objective: is "reg:linear", expected "binary:logistic"');
    expect(() => parseBoosterTrees(writeBooster(handTrees, { features: 1 }))).toThrow(
      'tree 0: node 0 splits on feature 1 of 1',
    );
    const cycle = [
      [
        { left: 1, right: 2, feature: 0, value: 0 },
        { left: 1, right: 2, feature: 0, value: 0 },
        { value: 1 },
      ],
    ];
    expect(() => parseBoosterTrees(writeBooster(cycle, { features: 1 }))).toThrow(
      'tree 0: node 2 is reached twice',
    );
  });
});
