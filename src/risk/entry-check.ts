import type { RiskConfig } from '../config/index.js';
import type { BlackoutIndex } from './blackouts.js';
import type { CapStep } from './cap-step.types.js';
import type { EntryFinding, Finding } from './finding.js';
import { at, num } from './format.js';
import { fundingCycleRefusal } from './funding-cycle.js';
import type { FundingClock } from './funding-clock.js';
import { applyLeverageCap } from './leverage-cap.js';
import type { ActiveLimits } from './limits.js';
import { applyLiquidityCap } from './liquidity-cap.js';
import type { LiquidityReading } from './liquidity-window.js';
import { applyMarginCap } from './margin-cap.js';
import type { EntryRequest, RiskHalt } from './risk.types.js';
import { entryBase, type Sizing } from './sizing.js';
import { thinHoursRefusal } from './thin-hours.js';
import { weekendManualRefusal } from './weekend.js';

/** Everything the entry rules read, as of the request's time. */
export interface EntryContext {
  readonly risk: RiskConfig;
  readonly limits: ActiveLimits;
  readonly halt: RiskHalt | undefined;
  readonly blackouts: BlackoutIndex;
  readonly funding: FundingClock;
  readonly liquidity: LiquidityReading;
}

export interface EntryEvaluation {
  readonly quantity: number;
  readonly leverage: number;
  readonly findings: readonly EntryFinding[];
}

const RULE_NAMES: Readonly<Record<string, string>> = {
  circuit_breaker: 'the circuit breaker',
  daily_loss_halt: 'the daily loss limit',
  max_drawdown_halt: 'the drawdown limit',
};

/**
 * Runs the entry rules in order: the refusals (halts, thin hours, event blackout, weekend manual,
 * funding cycle), then the caps that resize (leverage, margin, liquidity), then the minimum size. The
 * first refusal ends the evaluation; each cap works on what the previous one left.
 */
export function evaluateEntry(req: EntryRequest, ctx: EntryContext): EntryEvaluation {
  const base = entryBase(req);
  const cappedLeverage = Math.min(req.leverage, ctx.limits.maxLeverage);
  const refusal = firstRefusal(req, ctx);
  if (refusal !== undefined)
    return { quantity: base, leverage: cappedLeverage, findings: [{ finding: refusal, outcome: 'refused' }] };

  const caps: ((s: Sizing) => CapStep)[] = [
    (s) => applyLeverageCap(req, s, ctx.limits),
    (s) => applyMarginCap(req, s, ctx.limits),
    (s) => applyLiquidityCap(req, s, ctx.liquidity, ctx.risk.liquidity.maxVolumeFraction),
  ];
  let sizing: Sizing = { base, quantity: req.desiredQuantity, leverage: req.leverage };
  const findings: EntryFinding[] = [];
  for (const cap of caps) {
    const step = cap(sizing);
    sizing = step.sizing;
    if (step.finding !== undefined)
      findings.push({ finding: step.finding, outcome: step.refused === true ? 'refused' : 'resized' });
    if (step.refused === true) return { quantity: base, leverage: sizing.leverage, findings };
  }
  const tooSmall = findings.length > 0 ? minSizeRefusal(req, sizing) : undefined;
  if (tooSmall !== undefined) {
    findings.push({ finding: tooSmall, outcome: 'refused' });
    return { quantity: base, leverage: sizing.leverage, findings };
  }
  return { quantity: sizing.quantity, leverage: sizing.leverage, findings };
}

function firstRefusal(req: EntryRequest, ctx: EntryContext): Finding | undefined {
  return (
    haltRefusal(ctx.halt) ??
    thinHoursRefusal(req.time, ctx.risk.thinHours) ??
    ctx.blackouts.refusal(req.time) ??
    (req.origin === 'manual'
      ? weekendManualRefusal(req.time, ctx.risk.weekends.refuseManualOverrides, 'a manual entry')
      : undefined) ??
    fundingCycleRefusal(req, ctx.funding, ctx.risk.fundingCycle)
  );
}

function haltRefusal(halt: RiskHalt | undefined): Finding | undefined {
  if (halt === undefined) return undefined;
  return {
    rule: halt.rule,
    numbers: { haltedUntil: halt.until },
    message: `entries are halted by ${RULE_NAMES[halt.rule] ?? halt.rule} until ${at(halt.until)}`,
  };
}

/** A resize that leaves less than one step of increase leaves nothing worth an order. */
function minSizeRefusal(req: EntryRequest, sizing: Sizing): Finding | undefined {
  const increase = Math.abs(sizing.quantity) - Math.abs(sizing.base);
  if (increase >= req.stepSize * (1 - 1e-9)) return undefined;
  return {
    rule: 'min_size',
    numbers: { increase, stepSize: req.stepSize, allowedQuantity: sizing.base },
    message: `after the caps the entry would add ${num(increase)}, less than one step of ${num(req.stepSize)}: nothing to enter`,
  };
}
