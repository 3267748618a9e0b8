import type { RiskConfig } from '../config/index.js';
import { MINUTE_MS } from '../core/index.js';
import type { Finding } from './finding.js';
import { at, num, pct, signedPct } from './format.js';
import type { FundingClock } from './funding-clock.js';
import type { EntryRequest } from './risk.types.js';

/**
 * An entry shortly before a settlement on the side that pays at the current rate must expect an edge
 * (fraction of notional) of at least the funding it is about to pay, else it should wait for the
 * settlement. Skipped until a funding rate is known.
 */
export function fundingCycleRefusal(
  req: EntryRequest,
  funding: FundingClock,
  config: RiskConfig['fundingCycle'],
): Finding | undefined {
  if (config.windowMinutes === 0 || funding.rate === 0) return undefined;
  const next = funding.nextSettlement(req.time);
  if (next === undefined || next - req.time > config.windowMinutes * MINUTE_MS) return undefined;
  const long = req.desiredQuantity > 0;
  if (long !== funding.rate > 0) return undefined;
  const cost = Math.abs(funding.rate) * config.edgeMultiple;
  const edge = req.expectedEdge ?? 0;
  if (edge >= cost) return undefined;
  const minutes = (next - req.time) / MINUTE_MS;
  return {
    rule: 'funding_cycle',
    numbers: {
      rate: funding.rate,
      nextSettlement: next,
      minutesToSettlement: minutes,
      fundingCost: cost,
      expectedEdge: edge,
      edgeMultiple: config.edgeMultiple,
    },
    message:
      `${long ? 'long' : 'short'} entry ${num(minutes)} min before the funding settlement at ${at(next)} ` +
      `pays the rate ${signedPct(funding.rate)}; its expected edge ${pct(edge)} is below the ${pct(cost)} needed` +
      `${config.edgeMultiple === 1 ? '' : ` (${num(config.edgeMultiple)} x the rate)`}: wait for the settlement`,
  };
}
