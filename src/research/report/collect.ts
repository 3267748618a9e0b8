import type { SignalsConfig } from '../../config/index.js';
import { PlaybookSignals, SIGNAL_NAMES, type SignalName } from '../../signals/index.js';
import type { FundingRateEvent } from '../../strategy/index.js';
import type { EventStream } from '../lookahead/index.js';

/** What the study needs from one replay: the signals at every bar close, settlements and network data. */
export interface StudyInputs {
  /** Close time and close price of every bar, in order. */
  readonly closeTimes: readonly number[];
  readonly closes: readonly number[];
  /** Each signal's value right after each bar close (null while warming up or without data). */
  readonly values: Readonly<Record<SignalName, readonly (number | null)[]>>;
  readonly settlements: readonly {
    readonly time: number;
    readonly rate8h: number;
    readonly source: FundingRateEvent['source'];
  }[];
  /** network_health data by the time they became available. */
  readonly networkHealth: readonly { readonly time: number; readonly value: number }[];
}

/**
 * Feeds `stream` to a fresh `PlaybookSignals` in backtest order and reads every signal right after
 * each bar close, the moment a strategy would read them.
 */
export function collectInputs(stream: EventStream, config: SignalsConfig): StudyInputs {
  const signals = new PlaybookSignals(config, stream.barMs);
  const closeTimes: number[] = [];
  const closes: number[] = [];
  const values = Object.fromEntries(SIGNAL_NAMES.map((n) => [n, [] as (number | null)[]])) as Record<
    SignalName,
    (number | null)[]
  >;
  const settlements: { time: number; rate8h: number; source: FundingRateEvent['source'] }[] = [];
  const networkHealth: { time: number; value: number }[] = [];
  for (const e of stream.events) {
    if (e.kind === 'data') {
      signals.onData(e.event);
      const value = e.event.value;
      if (e.event.key === 'network_health' && value !== undefined && Number.isFinite(value))
        networkHealth.push({ time: e.time, value });
    } else if (e.kind === 'funding') {
      signals.onFunding(e.event);
      settlements.push({ time: e.time, rate8h: e.event.rate8h, source: e.event.source });
    } else {
      signals.onBar(e.event);
      closeTimes.push(e.time);
      closes.push(e.event.candle.close);
      for (const r of signals.readings(e.time)) values[r.name].push(r.value);
    }
  }
  return { closeTimes, closes, values, settlements, networkHealth };
}

/** Index of the last close at or before `time` in sorted `closeTimes`, or -1. */
export function lastAtOrBefore(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? Infinity) <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
