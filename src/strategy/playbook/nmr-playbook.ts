import { type ClientOrderId, type EpochMs, HOUR_MS, type Fill, timeframeMs } from '../../core/index.js';
import {
  defaultConfig,
  type PlaybookConfig,
  type RiskConfig,
  type SignalWeights,
  type SignalsConfig,
} from '../../config/index.js';
import { PlaybookSignals, type ScoreSnapshot, type SignalReading } from '../../signals/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../events.types.js';
import type { PositionView, Strategy, StrategyContext, StrategyFactory } from '../strategy.types.js';
import { combinerRescore, isCombinerModel } from './model-combiner.js';

export interface PlaybookSettings {
  readonly signals: SignalsConfig;
  readonly risk: RiskConfig;
  readonly playbook: PlaybookConfig;
  /** The family weights in force now (default: `signals.weights`); the weekly review replaces them. */
  readonly weights?: () => SignalWeights;
  /** Turns the fixed-weight snapshot into the one the strategy acts on (the `ai` combiner). */
  readonly rescore?: (snapshot: ScoreSnapshot) => ScoreSnapshot;
}

/** What a journaled playbook decision carries: the signal type and every component behind it. */
export interface PlaybookDecisionSnapshot extends ScoreSnapshot {
  readonly signalType: string;
  readonly reason: string;
}

const ENTRY_SIGNALS = ['momentum', 'mean_reversion', 'network', 'sentiment'] as const;

/**
 * The default strategy: the DESIGN playbook. Entries when momentum and sentiment agree and the weighted
 * score clears `signals.entryThreshold`, or against momentum when funding is extreme; a reduce-only stop
 * at `risk.stopLossPct` from the entry; a time exit after `risk.timeExitHours` when not in profit; on
 * momentum/sentiment divergence, exit or tighten the stop (`playbook.divergence`). Sizes are asked at
 * the leverage cap and cut by the risk engine (margin cap, regime, liquidity).
 */
export function createPlaybookStrategy(settings: PlaybookSettings): Strategy {
  const { signals: signalsConfig, risk, playbook, weights, rescore } = settings;
  const leverage = playbook.leverage ?? risk.maxLeverage;
  let signals: PlaybookSignals | undefined;
  let stopId: ClientOrderId | undefined;
  let stopPrice: number | undefined;

  const snapshotOf = (time: EpochMs, ctx: StrategyContext): ScoreSnapshot => {
    const fixed = (signals as PlaybookSignals).snapshot(time, ctx.risk()?.regime ?? 'normal', weights?.());
    return rescore ? rescore(fixed) : fixed;
  };

  const cancelStop = (ctx: StrategyContext): void => {
    if (stopId !== undefined) ctx.cancelOrder(stopId);
    stopId = undefined;
    stopPrice = undefined;
  };

  const placeStop = (ctx: StrategyContext, position: PositionView, price: number, tag: string): void => {
    cancelStop(ctx);
    stopPrice = price;
    stopId = ctx.submitOrder({
      side: position.quantity > 0 ? 'sell' : 'buy',
      type: 'stop_market',
      quantity: Math.abs(position.quantity),
      triggerPrice: price,
      reduceOnly: true,
      tag,
    });
  };

  const exit = (ctx: StrategyContext, time: EpochMs, signalType: string, reason: string): void => {
    const snapshot: PlaybookDecisionSnapshot = { ...snapshotOf(time, ctx), signalType, reason };
    ctx.setTarget({ side: 'flat', tag: signalType, snapshot });
  };

  const manageOpen = (bar: BarEvent, ctx: StrategyContext, position: PositionView): void => {
    const s = signals as PlaybookSignals;
    const long = position.quantity > 0;
    const price = bar.candle.close;
    const inProfit = long ? price > position.entryPrice : price < position.entryPrice;
    if (bar.closeTime - position.openedAt >= risk.timeExitHours * HOUR_MS && !inProfit) {
      exit(ctx, bar.closeTime, 'time_exit', `not in profit after ${risk.timeExitHours} h`);
      return;
    }
    const score = snapshotOf(bar.closeTime, ctx).score;
    if (score * Math.sign(position.quantity) <= -signalsConfig.entryThreshold) {
      exit(
        ctx,
        bar.closeTime,
        'signal_reversal',
        'weighted score crossed the threshold against the position',
      );
      return;
    }
    const momentum = s.momentum();
    const sentiment = s.sentiment(bar.closeTime);
    // Divergence is opposite signs; a signal at exactly 0 has no opinion and disagrees with nothing.
    if (momentum === null || sentiment === null || momentum * sentiment >= 0) return;
    if (playbook.divergence === 'exit') {
      exit(ctx, bar.closeTime, 'divergence_exit', 'momentum and sentiment disagree');
    } else if (playbook.divergence === 'tighten') {
      const tighter = long
        ? price * (1 - playbook.tightenedStopPct)
        : price * (1 + playbook.tightenedStopPct);
      const improves = stopPrice === undefined || (long ? tighter > stopPrice : tighter < stopPrice);
      if (improves) placeStop(ctx, position, tighter, 'stop_tightened');
    }
  };

  const considerEntry = (bar: BarEvent, ctx: StrategyContext): void => {
    const s = signals as PlaybookSignals;
    const snapshot = snapshotOf(bar.closeTime, ctx);
    const momentum = s.momentum();
    const extreme = s.fundingExtreme();
    if (momentum !== null && extreme !== undefined) {
      // Crowded side paying extreme funding: lean against momentum (mean reversion of the crowd).
      const against = extreme === 'longs_pay' ? momentum > 0 : momentum < 0;
      if (against) {
        enter(
          ctx,
          extreme === 'longs_pay' ? 'short' : 'long',
          snapshot,
          'funding_reversion',
          'funding extreme',
        );
        return;
      }
    }
    if (Math.abs(snapshot.score) < signalsConfig.entryThreshold || momentum === null) return;
    const side = snapshot.score > 0 ? 'long' : 'short';
    const sentiment = s.sentiment(bar.closeTime);
    const sign = side === 'long' ? 1 : -1;
    if (Math.sign(momentum) !== sign) return;
    // Sentiment missing, or exactly 0 (no opinion), blocks only under sentimentAgreement: always.
    if (sentiment === null || sentiment === 0) {
      if (playbook.sentimentAgreement === 'always') return;
    } else if (Math.sign(sentiment) !== sign) return;
    enter(ctx, side, snapshot, dominantSignal(snapshot.signals, sign), 'score above threshold');
  };

  const enter = (
    ctx: StrategyContext,
    side: 'long' | 'short',
    score: ScoreSnapshot,
    signalType: string,
    reason: string,
  ): void => {
    const snapshot: PlaybookDecisionSnapshot = { ...score, signalType, reason };
    ctx.setTarget({
      side,
      leverage,
      tag: signalType,
      expectedEdge: Math.abs(score.score) * playbook.edgePerScore,
      snapshot,
    });
  };

  return {
    name: 'nmr-playbook',
    onBar(bar, ctx) {
      signals ??= new PlaybookSignals(signalsConfig, timeframeMs(bar.timeframe));
      signals.onBar(bar);
      if (!signals.isWarm()) return;
      const position = ctx.position();
      if (position) manageOpen(bar, ctx, position);
      else considerEntry(bar, ctx);
    },
    onFunding(event: FundingRateEvent) {
      signals?.onFunding(event);
    },
    onData(event: DataEvent) {
      signals?.onData(event);
    },
    onFill(fill: Fill, ctx) {
      const position = ctx.position();
      if (!position) {
        stopId = undefined;
        stopPrice = undefined;
        return;
      }
      if (fill.reduceOnly) return;
      const long = position.quantity > 0;
      const price = long
        ? position.entryPrice * (1 - risk.stopLossPct)
        : position.entryPrice * (1 + risk.stopLossPct);
      placeStop(ctx, position, price, 'stop_loss');
    },
  };
}

/** The entry signal contributing most in the direction of the trade. */
function dominantSignal(readings: readonly SignalReading[], sign: number): string {
  let best = 'momentum';
  let bestValue = 0;
  for (const r of readings) {
    if (!(ENTRY_SIGNALS as readonly string[]).includes(r.name) || r.value === null) continue;
    const v = r.value * sign;
    if (v > bestValue) {
      best = r.name;
      bestValue = v;
    }
  }
  return best;
}

/** The strategy param holding the loaded `CombinerModel` (`signals.combiner` modes ai and blend). */
export const COMBINER_MODEL_PARAM = 'combinerModel';

/**
 * Built-in entry point: `params.config` (a resolved config) or the defaults. With
 * `signals.combiner.mode` ai or blend, `params.combinerModel` must hold the model, loaded before.
 */
export const createStrategy: StrategyFactory = (params) => {
  const config = (params.config as PlaybookSettings | undefined) ?? defaultConfig();
  const loaded: unknown = params[COMBINER_MODEL_PARAM];
  const rescore = combinerRescore(config.signals.combiner, isCombinerModel(loaded) ? loaded : undefined);
  return createPlaybookStrategy({
    signals: config.signals,
    risk: config.risk,
    playbook: config.playbook,
    weights: typeof params.weights === 'function' ? (params.weights as () => SignalWeights) : undefined,
    rescore,
  });
};
