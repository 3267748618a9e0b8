import type { EpochMs } from '../../core/index.js';
import { SynthRandom } from '../../data/index.js';
import { barPositions, replay, sliceStream } from './event-stream.js';
import type { EventStream, ReadingDifference, SignalSetFactory } from './lookahead.types.js';
import { agrees, type ReadingsTable, valueOf } from './readings-table.js';

/**
 * Bar indices to cut at: `count` of them (all bars when there are fewer), half evenly spread with
 * the last bar included, the rest drawn from `seed`. Sorted, distinct.
 */
export function cutPoints(bars: number, count: number, seed: number): number[] {
  if (count >= bars) return Array.from({ length: bars }, (_, i) => i);
  const cuts = new Set<number>();
  const even = Math.ceil(count / 2);
  for (let j = 1; j <= even; j++) cuts.add(Math.round((j * (bars - 1)) / even));
  const random = new SynthRandom(seed, 0x100c);
  while (cuts.size < count) cuts.add(Math.floor(random.uniform() * bars));
  return [...cuts].sort((a, b) => a - b);
}

/**
 * For each cut, a fresh instance fed only the events delivered up to and including that bar close
 * (nothing stamped later) must read what the full run read at that close, within `tolerance`.
 * @returns the cut times and every difference
 */
export function checkCuts(
  factory: SignalSetFactory,
  stream: EventStream,
  full: ReadingsTable,
  cuts: readonly number[],
  tolerance: number,
): { times: EpochMs[]; differences: ReadingDifference[] } {
  const positions = barPositions(stream);
  const times: EpochMs[] = [];
  const differences: ReadingDifference[] = [];
  for (const cut of cuts) {
    const position = positions[cut];
    const time = full.times[cut];
    if (position === undefined || time === undefined) continue;
    times.push(time);
    const known = sliceStream(stream, 0, position + 1);
    const signals = factory.create(known);
    replay(signals, known, () => undefined);
    const readings = signals.readings(time);
    for (const name of full.names) {
      const expected = full.values.get(name)?.[cut] ?? null;
      const got = valueOf(readings, name);
      if (!agrees(expected, got, tolerance))
        differences.push({ signal: name, time, full: expected, other: got });
    }
  }
  return { times, differences };
}
