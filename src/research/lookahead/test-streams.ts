import { type EpochMs, HOUR_MS } from '../../core/index.js';
import { SynthRandom } from '../../data/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';
import type { CheckedReading, CheckedSignalSet, EventStream, SignalSetFactory } from './lookahead.types.js';
import { mergeEvents } from './event-stream.js';

/** Hand-made streams and deliberately broken signals for the look-ahead tests (tests only). */
export const T0 = Date.UTC(2025, 0, 6);

/** `count` one-hour bars of a seeded random walk from 10, funding every 8 h, sentiment every 5 h. */
export function randomWalkStream(count: number, seed = 1): EventStream {
  const random = new SynthRandom(seed);
  const bars: BarEvent[] = [];
  let close = 10;
  for (let i = 0; i < count; i++) {
    const open = close;
    close *= Math.exp(0.01 * random.normal());
    const openTime = (T0 + i * HOUR_MS) as EpochMs;
    bars.push({
      symbol: 'NMR/USDT:USDT',
      timeframe: '1h',
      candle: { openTime, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1 },
      closeTime: (openTime + HOUR_MS) as EpochMs,
    });
  }
  const funding: FundingRateEvent[] = [];
  for (let h = 0; h <= count; h += 8) {
    const rate = 0.0005 * random.normal();
    const time = (T0 + h * HOUR_MS) as EpochMs;
    funding.push({
      symbol: 'NMR/USDT:USDT',
      time,
      rate,
      intervalHours: 8,
      rate8h: rate,
      markPrice: 10,
      source: 'real',
    });
  }
  const data: DataEvent[] = [];
  for (let h = 1; h < count; h += 5) {
    const availableAt = (T0 + h * HOUR_MS) as EpochMs;
    const value = Math.tanh(random.normal());
    data.push({ source: 'sentiment', key: 'sentiment_score', eventTime: availableAt, availableAt, value });
  }
  return mergeEvents({ barMs: HOUR_MS, bars, funding, data });
}

/** A signal set of one signal computed from closes by `step` (returns the new value). */
abstract class OneSignal implements CheckedSignalSet {
  protected value: number | null = null;
  constructor(readonly name: string) {}
  abstract onBar(bar: BarEvent): void;
  onFunding(): void {}
  onData(): void {}
  readings(): readonly CheckedReading[] {
    return [{ name: this.name, value: this.value }];
  }
}

/**
 * LEAKS: built from the bars it is shown up front (a precomputed column), it reads the NEXT bar's
 * close at each close: +1 when the price is about to rise.
 */
class PeekingSignal extends OneSignal {
  readonly #next = new Map<number, number>();
  constructor(bars: readonly BarEvent[]) {
    super('peeking_close');
    bars.forEach((bar, i) => {
      const next = bars[i + 1];
      if (next !== undefined) this.#next.set(bar.closeTime, next.candle.close);
    });
  }
  onBar(bar: BarEvent): void {
    const next = this.#next.get(bar.closeTime);
    this.value = next === undefined ? null : Math.sign(next - bar.candle.close);
  }
}

export const peekingFactory: SignalSetFactory = {
  create: (stream) => new PeekingSignal(stream.bars),
  warmUp: { peeking_close: { bars: 1, kind: 'windowed' } },
};

/** Depends on the first bar forever: the log distance of the close from the mean of ALL closes so far. */
class CumulativeMeanSignal extends OneSignal {
  #sum = 0;
  #count = 0;
  constructor() {
    super('cumulative_mean');
  }
  onBar(bar: BarEvent): void {
    this.#sum += bar.candle.close;
    this.#count++;
    this.value = this.#count < 10 ? null : Math.tanh(Math.log(bar.candle.close / (this.#sum / this.#count)));
  }
}

export const cumulativeMeanFactory: SignalSetFactory = {
  create: () => new CumulativeMeanSignal(),
  warmUp: { cumulative_mean: { bars: 10, kind: 'recursive' } },
};

/** An exponential average of log returns (recursive), tanh-squashed; seeded with the first return. */
class EmaReturnSignal extends OneSignal {
  #previous: number | undefined;
  #ema: number | undefined;
  constructor(readonly alpha: number) {
    super('ema_return');
  }
  onBar(bar: BarEvent): void {
    const close = bar.candle.close;
    if (this.#previous !== undefined) {
      const r = Math.log(close / this.#previous);
      this.#ema = this.#ema === undefined ? r : this.#ema + this.alpha * (r - this.#ema);
      this.value = Math.tanh(this.#ema * 100);
    }
    this.#previous = close;
  }
}

/** The EMA signal, declaring `bars` of warm-up as a recursive signal. */
export function emaFactory(alpha: number, bars: number): SignalSetFactory {
  return { create: () => new EmaReturnSignal(alpha), warmUp: { ema_return: { bars, kind: 'recursive' } } };
}
