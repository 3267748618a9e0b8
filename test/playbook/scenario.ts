import type { BacktestInput, BacktestSpec } from '../../src/backtest/index.js';
import { EXCHANGE, SYMBOL, exactSpec } from '../../src/backtest/test-helpers.js';
import { type RiskConfig, defaultConfig } from '../../src/config/index.js';
import type { EpochMs, Fill, OrderState } from '../../src/core/index.js';
import { CandleSeriesBuilder, type MarketStore } from '../../src/data/index.js';
import type { Decision, KernelObserver, TradeRecord } from '../../src/kernel/index.js';
import type { RiskDecision } from '../../src/risk/index.js';
import type { BarEvent, Strategy, StrategyContext, TargetPosition } from '../../src/strategy/index.js';

/**
 * Shared pieces of the whole-engine playbook tests: SYNTHETIC 15m price paths stored in a temporary
 * store, a strategy scripted by bar close time, and an observer that records what the kernel reports.
 */

export const M15 = 15 * 60_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Monday 2025-01-06 00:00 UTC: day 0 of every scenario. */
export const DAY0 = Date.UTC(2025, 0, 6);

/** `hh:mm` UTC on scenario day `day` (0 = Monday 2025-01-06), epoch ms. */
export function at(hhmm: string, day = 0): EpochMs {
  const [h, m] = hhmm.split(':').map(Number);
  return (DAY0 + day * DAY + (h ?? 0) * HOUR + (m ?? 0) * 60_000) as EpochMs;
}

/** One 15m bar as [open, high, low, close]. */
export type Ohlc = readonly [number, number, number, number];

/** A bar that opens, trades and closes at one price. */
export const flat = (p: number): Ohlc => [p, p, p, p];

/**
 * Stores SYNTHETIC 15m bars from `start` (open time of the first), labelled as such. The default volume
 * is high enough (1,000,000 NMR a bar) that the liquidity cap (1% of 24 h traded notional) never binds;
 * `volume` may give one volume for every bar or one per bar.
 */
export function store15m(
  store: MarketStore,
  start: number,
  bars: readonly Ohlc[],
  volume: number | readonly number[] = 1e6,
): void {
  const b = new CandleSeriesBuilder('15m');
  bars.forEach(([o, h, l, c], i) =>
    b.push(start + i * M15, o, h, l, c, typeof volume === 'number' ? volume : (volume[i] ?? NaN)),
  );
  store.upsertCandles({ exchange: EXCHANGE, symbol: SYMBOL, kind: 'candles', timeframe: '15m' }, b.build(), {
    synthetic: true,
    source: 'hand-made synthetic 15m test path',
  });
}

/** The default risk limits of DESIGN section 1 (3x, 40%, 8%/15 min breaker, 02-06 UTC, 5% a day). */
export function defaultRisk(): RiskConfig {
  return defaultConfig().risk;
}

/**
 * A 15m spec with the risk engine on at its defaults, 10,000 USDT, no slippage and no funding (so every
 * fill price and size can be computed by hand), no bar volume cap.
 */
export function riskSpec(overrides: Partial<BacktestSpec> = {}): BacktestSpec {
  return exactSpec({
    timeframe: '15m',
    initialBalance: 10_000,
    leverage: 1,
    risk: defaultRisk(),
    ...overrides,
  });
}

/** Sets the given target at the close of the bar that closes at each time. */
export function scriptedByClose(plan: ReadonlyMap<number, TargetPosition>, name = 'scripted'): Strategy {
  return {
    name,
    onBar(bar: BarEvent, ctx: StrategyContext) {
      const target = plan.get(bar.closeTime);
      if (target) ctx.setTarget(target);
    },
  };
}

/** Everything the kernel reported during a run, in order. */
export class Recorder implements KernelObserver {
  readonly fills: Fill[] = [];
  readonly risk: RiskDecision[] = [];
  readonly decisions: Decision[] = [];
  readonly orders: OrderState[] = [];
  readonly trades: TradeRecord[] = [];

  onFill(fill: Fill): void {
    this.fills.push(fill);
  }

  onRiskDecision(decision: RiskDecision): void {
    this.risk.push(decision);
  }

  onDecision(decision: Decision): void {
    this.decisions.push(decision);
  }

  onOrder(order: OrderState): void {
    this.orders.push(order);
  }

  onTrade(trade: TradeRecord): void {
    this.trades.push(trade);
  }

  /** Risk decisions as `[ISO time, rule, outcome]`, easy to compare whole. */
  riskLog(): [string, string, string][] {
    return this.risk.map((d) => [iso(d.time), d.rule, d.outcome]);
  }

  /** Fills as `[ISO time, side, quantity, price, tag]`. */
  fillLog(): [string, string, number, number, string][] {
    return this.fills.map((f) => [iso(f.time), f.side, f.quantity, f.price, f.tag ?? '']);
  }
}

/** `2025-01-06T10:15:00.000Z` → `d0 10:15:00.000` (day index after DAY0, then the UTC time). */
export function iso(t: number): string {
  const day = Math.floor((t - DAY0) / DAY);
  return `d${day} ${new Date(t).toISOString().slice(11, 23)}`;
}

/** A backtest input on the scenario store with a recorder attached. */
export function input(strategy: Strategy, recorder: Recorder, spec = riskSpec()): BacktestInput {
  return { ...spec, strategy, observer: recorder };
}
