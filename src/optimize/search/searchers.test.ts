import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpace, type ParamSet } from '../space.js';
import { GridSearch } from './grid-search.js';
import { RandomSearch } from './random-search.js';
import type { Searcher } from './searcher.types.js';
import { TpeSearch } from './tpe-search.js';

describe('GridSearch', () => {
  it('enumerates every combination exactly once, last name fastest, then nothing', () => {
    const g = new GridSearch(
      parseSpace({ fast: { type: 'int', min: 5, max: 6 }, slow: { type: 'choice', values: [20, 30, 40] } }),
    );
    expect(g.size).toBe(6);
    const first = g.ask(4);
    const rest = g.ask(10);
    expect([...first, ...rest]).toEqual([
      { fast: 5, slow: 20 },
      { fast: 5, slow: 30 },
      { fast: 5, slow: 40 },
      { fast: 6, slow: 20 },
      { fast: 6, slow: 30 },
      { fast: 6, slow: 40 },
    ]);
    expect(g.ask(1)).toEqual([]);
  });
});

const SPACE = parseSpace({
  x: { type: 'range', min: -2, max: 3 },
  n: { type: 'int', min: 1, max: 9 },
  lr: { type: 'range', min: 0.001, max: 1, log: true },
  q: { type: 'range', min: 0, max: 1, step: 0.25 },
  c: { type: 'choice', values: ['a', 'b', 'c'] },
});

function inBounds(p: ParamSet): boolean {
  const x = p.x as number;
  const n = p.n as number;
  const lr = p.lr as number;
  const q = p.q as number;
  return (
    x >= -2 &&
    x <= 3 &&
    Number.isInteger(n) &&
    n >= 1 &&
    n <= 9 &&
    lr >= 0.001 &&
    lr <= 1 &&
    [0, 0.25, 0.5, 0.75, 1].includes(q) &&
    ['a', 'b', 'c'].includes(p.c as string)
  );
}

describe('RandomSearch', () => {
  it('is reproducible by seed and stays in bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const a = new RandomSearch(SPACE, seed).ask(20);
        const b = new RandomSearch(SPACE, seed).ask(20);
        expect(a).toEqual(b);
        expect(a.every(inBounds)).toBe(true);
      }),
      { seed: 20261126, numRuns: 50 },
    );
  });

  it('gives different points for different seeds', () => {
    expect(new RandomSearch(SPACE, 1).ask(3)).not.toEqual(new RandomSearch(SPACE, 2).ask(3));
  });
});

describe('TpeSearch', () => {
  it('is reproducible by seed and stays in bounds after the start-up phase', () => {
    const run = (): ParamSet[] => {
      const t = new TpeSearch(SPACE, { seed: 5, startup: 5 });
      const out: ParamSet[] = [];
      for (let i = 0; i < 30; i++) {
        const [p] = t.ask(1) as [ParamSet];
        out.push(p);
        t.tell([{ params: p, score: -(((p.x as number) - 1) ** 2) }]);
      }
      return out;
    };
    const a = run();
    expect(a).toEqual(run());
    expect(a.every(inBounds)).toBe(true);
  });

  it('beats random search in median best-after-40 on a 2-D quadratic (synthetic objective)', () => {
    // Maximise -( (x-0.7)^2 + (y+1.3)^2 ) over [-5, 5]^2; the optimum 0 is at (0.7, -1.3).
    const space = parseSpace({
      x: { type: 'range', min: -5, max: 5 },
      y: { type: 'range', min: -5, max: 5 },
    });
    const f = (p: ParamSet): number => -(((p.x as number) - 0.7) ** 2 + ((p.y as number) + 1.3) ** 2);
    const bestAfter = (s: Searcher, n: number): number => {
      let best = -Infinity;
      for (let i = 0; i < n; i++) {
        const [p] = s.ask(1) as [ParamSet];
        const score = f(p);
        best = Math.max(best, score);
        s.tell([{ params: p, score }]);
      }
      return best;
    };
    const seeds = Array.from({ length: 11 }, (_, i) => 100 + i);
    const median = (xs: number[]): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const tpe = median(seeds.map((s) => bestAfter(new TpeSearch(space, { seed: s }), 40)));
    const random = median(seeds.map((s) => bestAfter(new RandomSearch(space, s), 40)));
    console.log(
      `median best after 40 trials over 11 seeds: tpe ${tpe.toFixed(4)}, random ${random.toFixed(4)}`,
    );
    // Higher is better (0 is the optimum): TPE's median loss must be under half of random's.
    expect(-tpe).toBeLessThan(-random / 2);
  });
});
