import type { EpochMs } from '../../core/index.js';
import { barPositions, replay, sliceStream } from './event-stream.js';
import type {
  DeclaredWarmUp,
  EventStream,
  ReadingDifference,
  SignalSetFactory,
  WarmUpResult,
} from './lookahead.types.js';
import { agrees, type ReadingsTable, valueOf } from './readings-table.js';

/**
 * A declared warm-up in bars: `bars`, or enough bars for `ms` to have passed strictly (a datum
 * exactly `ms` old still counts, so the cold start agrees one bar later), at least 1.
 */
export function declaredBars(warmUp: DeclaredWarmUp | undefined, barMs: number): number {
  const byTime = warmUp?.ms === undefined ? 0 : Math.floor(warmUp.ms / barMs) + 1;
  return Math.max(1, warmUp?.bars ?? 0, byTime);
}

export interface Tolerances {
  readonly exact: number;
  readonly recursive: number;
}

/**
 * A fresh instance started cold at bar `startBar` (fed everything delivered after the previous bar
 * close) must agree with the full run from its declared warm-up on: windowed signals within the
 * exact tolerance, recursive ones within the recursive tolerance.
 * @returns per signal, the bar (counted from 1) from which it agreed for good
 */
export function checkColdStart(
  factory: SignalSetFactory,
  stream: EventStream,
  full: ReadingsTable,
  startBar: number,
  tolerances: Tolerances,
): WarmUpResult[] {
  const positions = barPositions(stream);
  const from = startBar === 0 ? 0 : (positions[startBar - 1] ?? -1) + 1;
  const cold = sliceStream(stream, from, stream.events.length);
  const signals = factory.create(cold);
  const total = full.times.length - startBar;
  const lastDisagreement = new Map<string, { bar: number; difference: ReadingDifference }>();
  const tolerance = new Map(
    full.names.map((name) => [
      name,
      factory.warmUp[name]?.kind === 'recursive' ? tolerances.recursive : tolerances.exact,
    ]),
  );
  replay(signals, cold, (bar, time) => {
    const readings = signals.readings(time);
    for (const name of full.names) {
      const expected = full.values.get(name)?.[startBar + bar] ?? null;
      const got = valueOf(readings, name);
      if (!agrees(expected, got, tolerance.get(name) ?? tolerances.exact))
        lastDisagreement.set(name, {
          bar: bar + 1,
          difference: { signal: name, time, full: expected, other: got },
        });
    }
  });
  const start = (stream.bars[startBar]?.candle.openTime ?? 0) as EpochMs;
  return full.names.map((signal) => {
    const declared = declaredBars(factory.warmUp[signal], stream.barMs);
    const last = lastDisagreement.get(signal);
    const agreesFromBar = last === undefined ? 1 : last.bar >= total ? null : last.bar + 1;
    const late = last !== undefined && last.bar > declared ? { lateDifference: last.difference } : {};
    return { signal, start, agreesFromBar, declaredBars: declared, verified: total >= declared, ...late };
  });
}
