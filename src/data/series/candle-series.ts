import { type EpochMs, type Timeframe, InvariantError, timeframeMs } from '../../core/index.js';
import type { Candle } from './candle.types.js';

/**
 * An immutable columnar series of candles with strictly increasing open times.
 * Columns are Float64Arrays (epoch-ms times are exact in float64 up to 2^53).
 * A bar becomes known at `closeTime(i)` = open time + timeframe.
 */
export class CandleSeries {
  readonly timeframe: Timeframe;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;

  constructor(
    timeframe: Timeframe,
    columns: {
      openTime: Float64Array;
      open: Float64Array;
      high: Float64Array;
      low: Float64Array;
      close: Float64Array;
      volume: Float64Array;
    },
  ) {
    const n = columns.openTime.length;
    for (const [name, col] of Object.entries(columns)) {
      if (col.length !== n)
        throw new InvariantError(`column ${name} has ${col.length} rows, openTime has ${n}`);
    }
    this.timeframe = timeframe;
    this.openTime = columns.openTime;
    this.open = columns.open;
    this.high = columns.high;
    this.low = columns.low;
    this.close = columns.close;
    this.volume = columns.volume;
  }

  /** A series from six columns in storage order: open time, open, high, low, close, volume. */
  static fromColumns(timeframe: Timeframe, columns: readonly Float64Array[]): CandleSeries {
    const [openTime, open, high, low, close, volume] = columns;
    if (!openTime || !open || !high || !low || !close || !volume || columns.length !== 6) {
      throw new InvariantError(`a candle series needs 6 columns, got ${columns.length}`);
    }
    return new CandleSeries(timeframe, { openTime, open, high, low, close, volume });
  }

  static empty(timeframe: Timeframe): CandleSeries {
    return CandleSeries.fromCandles(timeframe, []);
  }

  /** Builds a series from candle objects, which must already be sorted by open time. */
  static fromCandles(timeframe: Timeframe, candles: readonly Candle[]): CandleSeries {
    const b = new CandleSeriesBuilder(timeframe, candles.length);
    for (const c of candles) b.push(c.openTime, c.open, c.high, c.low, c.close, c.volume);
    return b.build();
  }

  get length(): number {
    return this.openTime.length;
  }

  get timeframeMs(): number {
    return timeframeMs(this.timeframe);
  }

  closeTime(i: number): EpochMs {
    return (this.time(i) + this.timeframeMs) as EpochMs;
  }

  time(i: number): EpochMs {
    const t = this.openTime[i];
    if (t === undefined) throw new RangeError(`bar ${i} outside series of ${this.length}`);
    return t as EpochMs;
  }

  at(i: number): Candle {
    if (!(i >= 0 && i < this.openTime.length))
      throw new RangeError(`bar ${i} outside series of ${this.length}`);
    return {
      openTime: this.openTime[i] as EpochMs,
      open: this.open[i] as number,
      high: this.high[i] as number,
      low: this.low[i] as number,
      close: this.close[i] as number,
      volume: this.volume[i] as number,
    };
  }

  /**
   * Bar `i` as a read-only view into the columns (no copy: the hot loop of a backtest reads millions
   * of bars, and a plain object per bar costs more in garbage collection than the engine's own work).
   * The series is immutable, so a view kept for later still reads the same bar.
   */
  view(i: number): Candle {
    if (!(i >= 0 && i < this.openTime.length))
      throw new RangeError(`bar ${i} outside series of ${this.length}`);
    return new CandleView(this, i);
  }

  first(): Candle | undefined {
    return this.length > 0 ? this.at(0) : undefined;
  }

  last(): Candle | undefined {
    return this.length > 0 ? this.at(this.length - 1) : undefined;
  }

  /** Index of the first bar with openTime >= t (binary search). */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.openTime[mid] ?? Infinity) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the bar opening exactly at t, or -1. */
  indexOf(t: number): number {
    const i = this.lowerBound(t);
    return this.openTime[i] === t ? i : -1;
  }

  /** Bars with from <= openTime < to; shares memory with this series. */
  range(from = -Infinity, to = Infinity): CandleSeries {
    return this.slice(this.lowerBound(from), this.lowerBound(to));
  }

  slice(start: number, end: number = this.length): CandleSeries {
    return new CandleSeries(this.timeframe, {
      openTime: this.openTime.subarray(start, end),
      open: this.open.subarray(start, end),
      high: this.high.subarray(start, end),
      low: this.low.subarray(start, end),
      close: this.close.subarray(start, end),
      volume: this.volume.subarray(start, end),
    });
  }

  *[Symbol.iterator](): IterableIterator<Candle> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  toCandles(): Candle[] {
    return [...this];
  }
}

/** Appends bars into growable columns; `build()` returns a right-sized series. */
export class CandleSeriesBuilder {
  #n = 0;
  #cols: Float64Array[];

  constructor(
    readonly timeframe: Timeframe,
    capacity = 1024,
  ) {
    this.#cols = Array.from({ length: 6 }, () => new Float64Array(Math.max(16, capacity)));
  }

  get length(): number {
    return this.#n;
  }

  push(openTime: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (this.#n === this.#cols[0]?.length) this.#grow();
    const n = this.#n++;
    const [t, o, h, l, c, v] = this.#cols as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    t[n] = openTime;
    o[n] = open;
    h[n] = high;
    l[n] = low;
    c[n] = close;
    v[n] = volume;
  }

  build(): CandleSeries {
    const series = CandleSeries.fromColumns(
      this.timeframe,
      this.#cols.map((c) => c.slice(0, this.#n)),
    );
    const openTime = series.openTime;
    for (let i = 1; i < openTime.length; i++) {
      if ((openTime[i] ?? 0) <= (openTime[i - 1] ?? 0)) {
        throw new InvariantError(
          `candle open times must increase: bar ${i} at ${openTime[i]} after ${openTime[i - 1]}`,
        );
      }
    }
    return series;
  }

  #grow(): void {
    this.#cols = this.#cols.map((c) => {
      const bigger = new Float64Array(c.length * 2);
      bigger.set(c);
      return bigger;
    });
  }
}

/** One bar of a series, read through on access (see `CandleSeries.view`). */
class CandleView implements Candle {
  readonly #s: CandleSeries;
  readonly #i: number;

  constructor(series: CandleSeries, index: number) {
    this.#s = series;
    this.#i = index;
  }

  get openTime(): EpochMs {
    return this.#s.openTime[this.#i] as EpochMs;
  }

  get open(): number {
    return this.#s.open[this.#i] as number;
  }

  get high(): number {
    return this.#s.high[this.#i] as number;
  }

  get low(): number {
    return this.#s.low[this.#i] as number;
  }

  get close(): number {
    return this.#s.close[this.#i] as number;
  }

  get volume(): number {
    return this.#s.volume[this.#i] as number;
  }

  /** A plain copy (also what JSON.stringify writes). */
  toJSON(): Candle {
    return this.#s.at(this.#i);
  }
}
