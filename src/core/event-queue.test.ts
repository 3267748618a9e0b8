import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventPriority, EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('orders a bar close before the funding and the next open at the same instant', () => {
    const q = new EventQueue<string>();
    q.push(100, EventPriority.BarOpen, 'open');
    q.push(100, EventPriority.Funding, 'funding');
    q.push(100, EventPriority.BarClose, 'close');
    q.push(100, EventPriority.Data, 'data');
    q.push(50, EventPriority.BarOpen, 'earlier');
    const out: string[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.payload);
    expect(out).toEqual(['earlier', 'data', 'close', 'funding', 'open']);
  });

  it('pops in (time, priority, insertion) order for any input (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 20 }),
            fc.constantFrom(0, 1, 2, 3, 4) as fc.Arbitrary<EventPriority>,
          ),
        ),
        (items) => {
          const q = new EventQueue<number>();
          items.forEach(([t, p], i) => q.push(t, p, i));
          const popped: number[] = [];
          for (let e = q.pop(); e; e = q.pop()) popped.push(e.payload);
          const expected = items
            .map(([t, p], i) => ({ t, p, i }))
            .sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i)
            .map((x) => x.i);
          expect(popped).toEqual(expected);
        },
      ),
    );
  });
});
