import type { EpochMs } from '../core/index.js';
import { BarLoop, type BarLoopOptions, type BacktestReviewer } from '../backtest/index.js';
import type { KernelObserver } from '../kernel/index.js';
import type { RiskStateSnapshot } from '../risk/index.js';
import type { BarEvent } from '../strategy/index.js';
import type { MarketEvent } from './market-event.types.js';
import { warmingUp } from './warm-up-strategy.js';

export interface PaperSessionOptions extends Omit<BarLoopOptions, 'observer' | 'reviewer'> {
  /** Bars closing before this only warm the strategy up; it trades from here on. */
  readonly tradeFrom: EpochMs;
  readonly observer?: KernelObserver | undefined;
  readonly reviewer?: BacktestReviewer | undefined;
  /** The risk engine's state saved by an earlier session (halts and calm periods survive a restart). */
  readonly riskState?: RiskStateSnapshot | undefined;
  /** Called after each bar with the session, e.g. to save the risk state or print a line. */
  readonly afterBar?: (bar: BarEvent, session: PaperSession) => void | Promise<void>;
}

/**
 * Paper trading: live market events through the same `BarLoop` as a backtest (kernel, SimVenue fills,
 * risk engine), one closed bar at a time. Its clock is market time, not the wall clock: a decision at a
 * bar's close fills at the next bar's open, as in the backtest, so the same bars give the same trades.
 */
export class PaperSession {
  readonly loop: BarLoop;
  readonly #o: PaperSessionOptions;
  #started = false;
  #fundingSettlements = 0;

  constructor(options: PaperSessionOptions) {
    this.#o = options;
    this.loop = new BarLoop({
      ...options,
      strategy: warmingUp(options.strategy, options.tradeFrom),
      riskState: options.riskState,
      reviewer: options.reviewer && reviewingFrom(options.reviewer, options.tradeFrom),
    });
  }

  /** Feeds every event of `events` until it ends or `signal` aborts; returns the bars stepped. */
  async run(events: AsyncIterable<MarketEvent>, signal?: AbortSignal): Promise<number> {
    if (!this.#started) {
      this.loop.start();
      this.#started = true;
    }
    for await (const event of events) {
      if (event.kind === 'funding') {
        this.loop.addFunding(event.events);
        this.#fundingSettlements += event.events.length;
      } else if (event.kind === 'data') this.loop.addData(event.events);
      else {
        const last = this.loop.lastClose;
        if (last !== undefined && event.candle.openTime < last) continue; // a bar seen already
        const bar = this.loop.step(event.candle);
        await this.#o.afterBar?.(bar, this);
      }
      if (signal?.aborted) break;
    }
    return this.loop.bars;
  }

  /** Funding settlements handed over so far (whether or not a position paid or received them). */
  get fundingSettlements(): number {
    return this.#fundingSettlements;
  }

  /** Ends the session: what is due up to the last close is handled and the strategy stops. */
  stop(): void {
    const last = this.loop.lastClose;
    if (this.#started && last !== undefined) this.loop.finish(last);
  }
}

/**
 * The reviewer as a session should drive it: it sees every event, but its reviews are scheduled from
 * the first traded bar. The warm-up replays history the bot did not trade, and reviewing it would move
 * the weights on every restart.
 */
function reviewingFrom(reviewer: BacktestReviewer, tradeFrom: EpochMs): BacktestReviewer {
  return new Proxy(reviewer, {
    get(target, key, receiver) {
      if (key === 'afterBarClose') {
        return (bar: BarEvent) => {
          if (bar.candle.openTime >= tradeFrom) target.afterBarClose(bar);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
