import { InputError, type EpochMs } from '../core/index.js';
import type { Candle, CandleSeries } from '../data/index.js';

/**
 * The replay cursor over stored candles. One bar is always forming: only its open is known (served as
 * open = high = low = close, volume 0) until `step()` closes it and opens the next. Nothing later than
 * the forming bar's open is ever visible (no look-ahead).
 */
export class MarketReplay {
  readonly series: CandleSeries;
  #forming: number;
  #lastPrice: number;
  #lastVolume = 0;

  constructor(series: CandleSeries, startIndex = 0) {
    if (series.length < 2)
      throw new InputError(`the replayed series needs at least 2 bars, got ${series.length}`);
    if (!(Number.isInteger(startIndex) && startIndex >= 0 && startIndex < series.length - 1))
      throw new InputError(
        `startIndex must be a whole number in [0, ${series.length - 2}] (a bar must follow it), got ${startIndex}`,
      );
    this.series = series;
    this.#forming = startIndex;
    this.#lastPrice = series.at(startIndex).open;
    if (startIndex > 0) this.#lastVolume = series.at(startIndex - 1).volume;
  }

  get formingIndex(): number {
    return this.#forming;
  }

  /** The open time of the forming bar: the replay's "now" at a bar boundary. */
  get boundaryTime(): number {
    return this.series.time(this.#forming);
  }

  /** Open time of the bar `step()` will open next, or undefined at the end of the series. */
  get nextBoundaryTime(): number | undefined {
    return this.#forming + 1 < this.series.length ? this.series.time(this.#forming + 1) : undefined;
  }

  /** Last traded price: the forming bar's open, or the close of the bar just closed. */
  get lastPrice(): number {
    return this.#lastPrice;
  }

  /** Base volume of the last closed bar (sizes the synthetic order book). */
  get lastVolume(): number {
    return this.#lastVolume;
  }

  /** The forming bar as far as it is known: its open only. */
  formingPartial(): Candle {
    const open = this.series.at(this.#forming).open;
    return { openTime: this.series.time(this.#forming), open, high: open, low: open, close: open, volume: 0 };
  }

  /** Bar `i` as visible now: closed bars whole, the forming bar partial, later bars undefined. */
  visible(i: number): Candle | undefined {
    if (i < this.#forming) return this.series.at(i);
    return i === this.#forming ? this.formingPartial() : undefined;
  }

  /** Closes the forming bar (returned whole, with its close time) and opens the next. */
  step(): { closed: Candle; closeTime: EpochMs; opened: Candle } | undefined {
    if (this.#forming + 1 >= this.series.length) return undefined;
    const closed = this.series.at(this.#forming);
    const closeTime = this.series.closeTime(this.#forming);
    this.#forming++;
    const opened = this.series.at(this.#forming);
    this.#lastVolume = closed.volume;
    this.#lastPrice = opened.open;
    return { closed, closeTime, opened };
  }
}
