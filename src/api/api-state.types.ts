import type { EpochMs } from '../core/index.js';
import type { TradeRecord } from '../kernel/index.js';
import type { RiskDecision } from '../risk/index.js';

/** One open position as the dashboard shows it. */
export interface PositionView {
  readonly symbol: string;
  /** Signed base units (+ long, - short). */
  readonly quantity: number;
  readonly entryPrice: number;
  readonly markPrice: number;
  readonly leverage: number;
  readonly unrealisedPnl: number;
}

/** Account totals in USDT. `realisedPnl` is price PnL of closed quantity - fees + funding. */
export interface AccountView {
  readonly startingEquity: number;
  readonly equity: number;
  readonly realisedPnl: number;
  readonly unrealisedPnl: number;
  readonly fees: number;
  /** + received / - paid. */
  readonly funding: number;
}

/** Leverage and margin use against their caps. */
export interface ExposureView {
  /** Notional of all positions / equity, x. */
  readonly leverage: number;
  readonly leverageCap: number;
  readonly marginUsed: number;
  /** Cap on margin as a fraction of equity (0.4 = 40 %). */
  readonly marginCapFraction: number;
  /** marginUsed / (marginCapFraction × equity); 1 = at the cap. */
  readonly marginUtilisation: number;
}

export interface FundingView {
  /** Rate of the last settlement seen, per interval. */
  readonly rate: number;
  readonly intervalHours: number;
  readonly lastSettlement: EpochMs;
  readonly nextSettlement: EpochMs;
  /** Cash flow at the next settlement at this rate and the current mark: + received / - paid. */
  readonly expectedPayment: number;
}

export interface BreakerView {
  /** `active`: entries allowed; `halted`: entries refused until `until`. */
  readonly state: 'active' | 'halted';
  readonly rule: string | undefined;
  readonly until: EpochMs | undefined;
  /** Milliseconds of calm left before entries resume (0 when active). */
  readonly calmRemainingMs: number;
}

export interface SignalFamilyView {
  readonly name: string;
  readonly weight: number;
  readonly score: number | null;
}

export interface FeedHealthView {
  readonly name: string;
  /** Age of the newest datum in seconds; undefined: nothing received yet. */
  readonly ageSeconds: number | undefined;
  readonly healthy: boolean;
}

export interface LatencyView {
  readonly stage: string;
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Everything `GET /api/state` returns and the stream pushes. */
export interface ApiState {
  /** Increments on every change; a client can tell a fresh snapshot from a repeat. */
  readonly version: number;
  /** Time of the latest event seen (session time), or null before the first. */
  readonly time: EpochMs | null;
  /** Null when the source cannot know (a dashboard over a journal: pause is not journaled). */
  readonly paused: boolean | null;
  readonly account: AccountView;
  readonly positions: readonly PositionView[];
  readonly exposure: ExposureView;
  readonly funding: FundingView | null;
  readonly breaker: BreakerView;
  readonly signals: { readonly score: number | null; readonly families: readonly SignalFamilyView[] };
  readonly recentTrades: readonly TradeRecord[];
  readonly refusedDecisions: readonly RiskDecision[];
  readonly feeds: readonly FeedHealthView[];
  readonly latency: readonly LatencyView[];
}

export interface HealthView {
  readonly status: 'ok' | 'degraded';
  /** Names of unhealthy feeds. */
  readonly unhealthyFeeds: readonly string[];
  readonly time: EpochMs | null;
}

/** What the API reads; none of it can change the session. */
export interface ApiStateSource {
  snapshot(): ApiState;
  /** Newest first, at most `limit`. */
  trades(limit: number): readonly TradeRecord[];
  /** Newest first, at most `limit`; every risk decision (refused, resized, halts). */
  riskDecisions(limit: number): readonly RiskDecision[];
  health(): HealthView;
  /** Called after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** A manual order from the operator (the playbook's "emotional state" column: `mood`, `confidence`). */
export interface ManualOrder {
  readonly side: 'buy' | 'sell';
  /** Base units, > 0. */
  readonly quantity: number;
  /** Why the operator trades; journaled with the order. */
  readonly note: string;
  readonly mood?: string | undefined;
  /** 1 (unsure) to 5 (certain). */
  readonly confidence?: number | undefined;
}

export type ControlResult =
  | { readonly ok: true; readonly detail?: string; readonly clientOrderId?: string }
  | {
      readonly ok: false;
      readonly refused: string;
      readonly message: string;
      /**
       * HTTP status of the refusal: 422 by default (the risk engine said no), 403 for a rule that
       * forbids the action outright (the weekend rule), 409 when an earlier action is still working,
       * 501 for an action the session does not implement.
       */
      readonly status?: 403 | 409 | 422 | 501;
    };

/** The control surface a session implements. */
export interface ApiControls {
  pause(): Promise<ControlResult>;
  resume(): Promise<ControlResult>;
  flattenAll(): Promise<ControlResult>;
  manualOrder(order: ManualOrder): Promise<ControlResult>;
}
