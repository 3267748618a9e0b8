import type { RiskConfig } from '../config/index.js';
import { parseConfig } from '../config/index.js';
import { type EpochMs, HOUR_MS, MINUTE_MS } from '../core/index.js';
import type { Candle } from '../data/index.js';
import type { FundingRateEvent } from '../strategy/index.js';
import { RiskEngine, type RiskEngineOptions } from './risk-engine.js';
import type { EntryRequest, RiskDecision } from './risk.types.js';

export const SYMBOL = 'NMR/USDT:USDT';

/** The resolved `risk` section with these settings over the defaults. */
export function riskConfig(risk: Record<string, unknown> = {}): RiskConfig {
  return parseConfig({ risk }).risk;
}

/** An ISO-8601 UTC time as epoch ms. */
export function utc(iso: string): EpochMs {
  const t = Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
  if (!Number.isFinite(t)) throw new Error(`bad test time ${iso}`);
  return t as EpochMs;
}

/** A bar opening at `openTime`; prices default to a flat 10. */
export function candle(openTime: number, p: Partial<Omit<Candle, 'openTime'>> = {}): Candle {
  const close = p.close ?? 10;
  const open = p.open ?? close;
  return {
    openTime: openTime as EpochMs,
    open,
    high: p.high ?? Math.max(open, close),
    low: p.low ?? Math.min(open, close),
    close,
    volume: p.volume ?? 1_000_000,
  };
}

/** An engine that records every decision it emits. */
export function recordingEngine(
  risk: RiskConfig = riskConfig(),
  options: Partial<RiskEngineOptions> = {},
): { engine: RiskEngine; decisions: RiskDecision[] } {
  const decisions: RiskDecision[] = [];
  const engine = new RiskEngine(risk, {
    symbol: SYMBOL,
    ...options,
    onDecision: (d) => {
      decisions.push(d);
      options.onDecision?.(d);
    },
  });
  return { engine, decisions };
}

/**
 * Feeds flat synthetic bars of `barMs` from `from` (open) until the last one closes at `to`; volume is
 * large enough that the liquidity cap never binds unless a test sets it up to.
 */
export function feedFlat(
  engine: RiskEngine,
  from: number,
  to: number,
  barMs: number = HOUR_MS,
  p: Partial<Omit<Candle, 'openTime'>> = {},
): void {
  for (let t = from; t + barMs <= to; t += barMs) engine.onBar(candle(t, p), (t + barMs) as EpochMs);
}

/** A long entry from flat at 10 with 10,000 equity, 3x, step 0.1, outside every time rule by default. */
export function entry(p: Partial<EntryRequest> = {}): EntryRequest {
  return {
    time: utc('2025-01-08T12:00:00'),
    symbol: SYMBOL,
    currentQuantity: 0,
    desiredQuantity: 100,
    leverage: 3,
    price: 10,
    equity: 10_000,
    otherMargin: 0,
    stepSize: 0.1,
    origin: 'auto',
    ...p,
  };
}

export function funding(time: number, rate: number, intervalHours = 8): FundingRateEvent {
  return {
    symbol: SYMBOL,
    time: time as EpochMs,
    rate,
    intervalHours,
    rate8h: (rate * 8) / intervalHours,
    markPrice: 10,
    source: 'real',
  };
}

export { HOUR_MS, MINUTE_MS };
