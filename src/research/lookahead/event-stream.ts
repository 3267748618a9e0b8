import { InputError, type EpochMs } from '../../core/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';
import type { CheckedSignalSet, EventStream, StreamEvent } from './lookahead.types.js';

/**
 * At one instant the backtest delivers alternative data first, then the bar close, then the funding
 * settlement (EventPriority: Data < BarClose < Funding; see src/backtest/event-sources.ts), so a
 * reading taken at a bar close never includes a settlement stamped at that same instant.
 */
const ORDER: Readonly<Record<StreamEvent['kind'], number>> = { data: 0, bar: 1, funding: 2 };

/** Bars, funding and data merged into one stream in the backtest's (time, priority) order. */
export function mergeEvents(input: {
  barMs: number;
  bars: readonly BarEvent[];
  funding: readonly FundingRateEvent[];
  data: readonly DataEvent[];
}): EventStream {
  const events: StreamEvent[] = [
    ...input.data.map((event) => ({ kind: 'data' as const, time: event.availableAt, event })),
    ...input.bars.map((event) => ({ kind: 'bar' as const, time: event.closeTime, event })),
    ...input.funding.map((event) => ({ kind: 'funding' as const, time: event.time, event })),
  ];
  // Array.prototype.sort is stable: equal (time, kind) keep their input order.
  events.sort((a, b) => a.time - b.time || ORDER[a.kind] - ORDER[b.kind]);
  const bars = events.flatMap((e) => (e.kind === 'bar' ? [e.event] : []));
  if (bars.length === 0) throw new InputError('the look-ahead check needs at least one bar');
  return { barMs: input.barMs, events, bars };
}

/** The stream from `start` (inclusive) to `end` (exclusive) positions of `events`. */
export function sliceStream(stream: EventStream, start: number, end: number): EventStream {
  const events = stream.events.slice(start, end);
  const bars = events.flatMap((e) => (e.kind === 'bar' ? [e.event] : []));
  return { barMs: stream.barMs, events, bars };
}

/** Positions of the bar events in `stream.events`, in order. */
export function barPositions(stream: EventStream): number[] {
  const out: number[] = [];
  stream.events.forEach((e, i) => {
    if (e.kind === 'bar') out.push(i);
  });
  return out;
}

/**
 * Feeds `stream` to `signals`, calling `onClose(barIndex, time)` right after each bar close (the
 * moment the strategy reads its signals).
 */
export function replay(
  signals: CheckedSignalSet,
  stream: EventStream,
  onClose: (barIndex: number, time: EpochMs) => void,
): void {
  let bar = 0;
  for (const e of stream.events) {
    if (e.kind === 'data') signals.onData(e.event);
    else if (e.kind === 'funding') signals.onFunding(e.event);
    else {
      signals.onBar(e.event);
      onClose(bar++, e.time);
    }
  }
}
