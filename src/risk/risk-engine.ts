import type { RiskConfig } from '../config/index.js';
import { type EpochMs, InvariantError } from '../core/index.js';
import type { Candle } from '../data/index.js';
import type { FundingRateEvent } from '../strategy/index.js';
import { BlackoutIndex } from './blackouts.js';
import type { BlackoutWindow } from './calendar.types.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { evaluateEntry } from './entry-check.js';
import { type Finding, toDecision } from './finding.js';
import { at } from './format.js';
import { FundingClock } from './funding-clock.js';
import { HaltBook } from './halt-book.js';
import { activeLimits } from './limits.js';
import { TradedNotionalWindow } from './liquidity-window.js';
import { LossLimits } from './loss-limits.js';
import { parseRiskState } from './risk-state.js';
import type {
  EntryRequest,
  Origin,
  RiskAction,
  RiskDecision,
  RiskHalt,
  RiskStateSnapshot,
  RiskVerdict,
  RiskView,
} from './risk.types.js';
import { HALT_RULES } from './risk.types.js';
import { isEntry } from './sizing.js';
import { checkEntryRequest, checkBar } from './validate.js';
import { VolatilityRegime, type VolatilityReading } from './volatility-regime.js';
import { weekendManualRefusal } from './weekend.js';

export interface RiskEngineOptions {
  /** The symbol this engine guards; requests and funding events for another symbol are a bug. */
  readonly symbol: string;
  /** Event blackouts (see `blackoutWindows`). */
  readonly blackouts?: readonly BlackoutWindow[];
  /** Receives every decision exactly once, in the order they are made. */
  readonly onDecision?: (decision: RiskDecision) => void;
  /** State restored after a restart (`snapshot()` of the previous run). */
  readonly state?: RiskStateSnapshot;
}

const NO_ACTIONS: readonly RiskAction[] = Object.freeze([]);

/**
 * The pre-trade risk gate between every strategy and every venue, for one symbol. It reads market data
 * (`onBar`, `onFunding`) and the account's equity (`onEquity`), answers entry requests (`checkEntry`)
 * and manual actions (`checkManual`), and tells the caller to flatten when the circuit breaker trips.
 * Reductions never come here: they are always allowed. Single-threaded and deterministic: the same
 * calls give the same decisions.
 */
export class RiskEngine {
  readonly #risk: RiskConfig;
  readonly #symbol: string;
  readonly #onDecision: (decision: RiskDecision) => void;
  readonly #halts: HaltBook;
  readonly #losses: LossLimits;
  readonly #regime: VolatilityRegime;
  readonly #breaker: CircuitBreaker;
  readonly #liquidity: TradedNotionalWindow;
  readonly #funding = new FundingClock();
  readonly #blackouts: BlackoutIndex;
  #lastBreakerTrip: number | null;
  #lastBarClose: number | undefined;

  constructor(risk: RiskConfig, options: RiskEngineOptions) {
    this.#risk = risk;
    this.#symbol = options.symbol;
    this.#onDecision = options.onDecision ?? (() => {});
    const state =
      options.state === undefined ? undefined : parseRiskState(options.state, 'restored risk state');
    this.#halts = new HaltBook(state === undefined ? [] : haltsOf(state));
    this.#losses = new LossLimits({
      dayStart: state?.dayStart ?? null,
      dayStartEquity: state?.dayStartEquity ?? null,
      peakEquity: state?.peakEquity ?? null,
    });
    this.#lastBreakerTrip = state?.lastBreakerTrip ?? null;
    this.#regime = new VolatilityRegime(risk.highVolatility);
    this.#breaker = new CircuitBreaker(risk.circuitBreaker);
    this.#liquidity = new TradedNotionalWindow(risk.liquidity.volumeWindowHours);
    this.#blackouts = new BlackoutIndex(options.blackouts ?? []);
  }

  /**
   * Feeds one closed bar of the finest series the caller has, at its close. Updates the volatility
   * regime, the liquidity window and the circuit breaker.
   * @returns a `flatten` action when the circuit breaker trips, else nothing
   */
  onBar(candle: Candle, closeTime: EpochMs): readonly RiskAction[] {
    checkBar(candle, closeTime, this.#lastBarClose);
    this.#lastBarClose = closeTime;
    this.#resume(closeTime);
    this.#regime.add(closeTime, candle.close);
    this.#liquidity.add(candle.openTime, closeTime, candle.volume, candle.close);
    const trip = this.#breaker.add(candle, closeTime);
    if (trip === undefined) return NO_ACTIONS;
    this.#halts.extend('circuit_breaker', trip.until);
    this.#lastBreakerTrip = closeTime;
    const decision = this.#emit(trip.finding, 'flatten', closeTime, 'auto');
    return [{ type: 'flatten', decision }];
  }

  /** The last funding settlement: its rate and interval give the next settlement. */
  onFunding(event: FundingRateEvent): void {
    this.#checkSymbol(event.symbol, 'funding event');
    this.#funding.update(event);
  }

  /** An equity sample: rolls the UTC day, tracks the peak, and halts on the daily-loss and drawdown limits. */
  onEquity(time: EpochMs, equity: number): void {
    if (!Number.isFinite(equity))
      throw new InvariantError(`equity at ${at(time)} is not a finite number: ${equity}`);
    this.#resume(time);
    for (const halt of this.#losses.observe(time, equity, this.#halts, this.#risk.halts)) {
      this.#halts.extend(halt.rule, halt.until);
      this.#emit(halt.finding, 'halted', time, 'auto');
    }
  }

  /**
   * Checks a request to open or grow a position. Every refusal or resize is emitted to `onDecision`
   * and listed in the verdict.
   */
  checkEntry(req: EntryRequest): RiskVerdict {
    this.#checkSymbol(req.symbol, 'entry request');
    checkEntryRequest(req);
    this.#resume(req.time);
    if (!isEntry(req)) return { quantity: req.desiredQuantity, leverage: req.leverage, decisions: [] };
    const evaluation = evaluateEntry(req, {
      risk: this.#risk,
      limits: activeLimits(this.#risk, this.#regime.regime),
      halt: this.#halts.activeAt(req.time),
      blackouts: this.#blackouts,
      funding: this.#funding,
      liquidity: this.#liquidity.reading(),
    });
    const decisions = evaluation.findings.map((f) => this.#emit(f.finding, f.outcome, req.time, req.origin));
    return { quantity: evaluation.quantity, leverage: evaluation.leverage, decisions };
  }

  /**
   * May a human do this now? A discretionary override is refused at the weekend (UTC) when configured;
   * a safety halt is always allowed.
   * @returns the refusal, or undefined when allowed
   */
  checkManual(kind: 'override' | 'safety_halt', time: EpochMs): RiskDecision | undefined {
    if (kind === 'safety_halt') return undefined;
    const refusal = weekendManualRefusal(
      time,
      this.#risk.weekends.refuseManualOverrides,
      'a manual override',
    );
    return refusal === undefined ? undefined : this.#emit(refusal, 'refused', time, 'manual');
  }

  /** The risk state at `time` (read only: it emits nothing). */
  view(time: EpochMs): RiskView {
    const limits = activeLimits(this.#risk, this.#regime.regime);
    const halt = this.#halts.activeAt(time);
    return {
      regime: limits.regime,
      haltedUntil: halt?.until as EpochMs | undefined,
      haltRule: halt?.rule,
      maxLeverage: limits.maxLeverage,
      maxMarginFraction: limits.maxMarginFraction,
    };
  }

  /** The volatility numbers behind the regime. */
  volatility(): VolatilityReading {
    return this.#regime.reading();
  }

  /** What must survive a restart; `new RiskEngine(risk, { state })` restores it exactly. */
  snapshot(): RiskStateSnapshot {
    const latest = this.#halts.latest();
    const losses = this.#losses.state();
    return {
      version: 1,
      haltedUntil: latest?.until ?? null,
      haltRule: latest?.rule ?? null,
      lastBreakerTrip: this.#lastBreakerTrip,
      dayStart: losses.dayStart,
      dayStartEquity: losses.dayStartEquity,
      peakEquity: losses.peakEquity,
      halts: this.#halts.list(),
    };
  }

  /** Ends the halts due by `time`; entries resume once none is left. */
  #resume(time: EpochMs): void {
    const ended = this.#halts.expire(time);
    if (ended.some((h) => h.rule === 'max_drawdown_halt')) this.#losses.drawdownEnded();
    const last = ended[ended.length - 1];
    if (last === undefined || this.#halts.size > 0) return;
    this.#emit(
      {
        rule: last.rule,
        numbers: { haltedUntil: last.until },
        message: `entries resume: the halt ended at ${at(last.until)}`,
      },
      'resumed',
      time,
      'auto',
    );
  }

  #emit(finding: Finding, outcome: RiskDecision['outcome'], time: EpochMs, origin: Origin): RiskDecision {
    const decision = toDecision(finding, outcome, time, this.#symbol, origin);
    this.#onDecision(decision);
    return decision;
  }

  #checkSymbol(symbol: string, what: string): void {
    if (symbol !== this.#symbol)
      throw new InvariantError(`${what} for ${symbol} reached the risk engine of ${this.#symbol}`);
  }
}

/** The halts of a snapshot; one written with only the summary has that single halt. */
function haltsOf(state: RiskStateSnapshot): readonly RiskHalt[] {
  if (state.halts !== undefined) return state.halts;
  const rule = HALT_RULES.find((r) => r === state.haltRule);
  return rule === undefined || state.haltedUntil === null ? [] : [{ rule, until: state.haltedUntil }];
}
