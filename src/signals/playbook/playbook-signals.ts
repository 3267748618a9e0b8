import { HOUR_MS, timeframeMs, type EpochMs } from '../../core/index.js';
import type { SignalWeights, SignalsConfig } from '../../config/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';
import { SIGNAL_NAMES, type Regime, type ScoreSnapshot, type SignalReading } from '../signal.types.js';
import { checkBarMs } from './bar-count.js';
import { NETWORK_CHANNELS, SENTIMENT_CHANNELS } from './feed-channels.js';
import { FeedSignal } from './feed-signal.js';
import { FundingSignal } from './funding-signal.js';
import { MeanReversionSignal } from './mean-reversion-signal.js';
import { MomentumSignal } from './momentum-signal.js';
import type { FundingExtreme } from './playbook.types.js';
import { scoreSnapshot } from './score-combiner.js';

/**
 * The playbook's five signals and their weighted score, fed event by event. Every update is O(1)
 * in the history length and uses only what was delivered so far, so a backtest and a live run fed
 * the same events read the same values.
 *
 * Bars of another length than `barMs`, and bars that do not close after the last one, are ignored.
 * Feed signals are read at the latest event time seen, unless a time is given.
 */
export class PlaybookSignals {
  readonly #config: SignalsConfig;
  readonly #barMs: number;
  readonly #momentum: MomentumSignal;
  readonly #meanReversion: MeanReversionSignal;
  readonly #funding: FundingSignal;
  readonly #network: FeedSignal;
  readonly #sentiment: FeedSignal;
  #lastBarClose: EpochMs | undefined;
  #now = 0 as EpochMs;

  constructor(config: SignalsConfig, barMs: number) {
    this.#config = config;
    this.#barMs = checkBarMs(barMs);
    this.#momentum = new MomentumSignal(config.momentum, barMs);
    this.#meanReversion = new MeanReversionSignal(config.meanReversion, barMs);
    this.#funding = new FundingSignal({
      extremePer8h: config.fundingExtremePer8h,
      saturationMultiple: config.funding.saturationMultiple,
    });
    this.#network = new FeedSignal({
      name: 'network',
      family: 'network',
      channels: NETWORK_CHANNELS,
      staleAfterMs: config.staleAfterHours.network * HOUR_MS,
    });
    this.#sentiment = new FeedSignal({
      name: 'sentiment',
      family: 'sentiment',
      channels: SENTIMENT_CHANNELS,
      staleAfterMs: config.staleAfterHours.sentiment * HOUR_MS,
    });
  }

  /** Closes needed before the bar signals (momentum and mean reversion) all have a value. */
  get requiredBars(): number {
    return Math.max(this.#momentum.requiredInputs, this.#meanReversion.requiredInputs);
  }

  onBar(bar: BarEvent): void {
    if (timeframeMs(bar.timeframe) !== this.#barMs) return;
    if (this.#lastBarClose !== undefined && bar.closeTime <= this.#lastBarClose) return;
    this.#lastBarClose = bar.closeTime;
    this.#advance(bar.closeTime);
    this.#momentum.add(bar.candle.close);
    this.#meanReversion.add(bar.candle.close);
  }

  onFunding(event: FundingRateEvent): void {
    this.#advance(event.time);
    this.#funding.update(event);
  }

  onData(event: DataEvent): void {
    this.#advance(event.availableAt);
    if (!this.#network.update(event)) this.#sentiment.update(event);
  }

  /** Every signal, in SIGNAL_NAMES order; feed signals judged at `time` (default: the latest event). */
  readings(time: EpochMs = this.#now): readonly SignalReading[] {
    const byName = {
      momentum: this.#momentum.reading(),
      mean_reversion: this.#meanReversion.reading(),
      funding: this.#funding.reading(),
      network: this.#network.reading(time),
      sentiment: this.#sentiment.reading(time),
    };
    return SIGNAL_NAMES.map((name) => byName[name]);
  }

  /** The weighted score at `time`; `weights` replaces `signals.weights` (the weekly review's current ones). */
  snapshot(time: EpochMs, regime: Regime, weights?: SignalWeights): ScoreSnapshot {
    const settings = weights === undefined ? this.#config : { ...this.#config, weights };
    return scoreSnapshot(this.readings(time), settings, time, regime);
  }

  momentum(): number | null {
    return this.#momentum.result();
  }

  /** The sentiment signal at `time` (default: the latest event). */
  sentiment(time: EpochMs = this.#now): number | null {
    return this.#sentiment.reading(time).value;
  }

  funding(): SignalReading {
    return this.#funding.reading();
  }

  /** The side paying an extreme funding rate (beyond +/- fundingExtremePer8h), if any. */
  fundingExtreme(): FundingExtreme | undefined {
    return this.#funding.extreme();
  }

  /** True once momentum and mean reversion both have a value (after `requiredBars` bars). */
  isWarm(): boolean {
    return this.#momentum.isStable && this.#meanReversion.isStable;
  }

  #advance(time: EpochMs): void {
    if (time > this.#now) this.#now = time;
  }
}
