import { z } from 'zod';
import { positiveFraction } from './fields.js';

/** Largest gap allowed between a tier's `cum` and the value continuity demands, USDT. */
export const CUM_TOLERANCE = 1e-6;

/**
 * NMRUSDT maintenance-margin tiers on Binance USD-M (snapshot from freqtrade's bundled
 * binance_leverage_tiers.json; live trading refreshes them from the exchange).
 */
const NMR_TIERS = [
  { notionalFloor: 0, notionalCap: 5_000, maxLeverage: 20, mmr: 0.02, cum: 0 },
  { notionalFloor: 5_000, notionalCap: 25_000, maxLeverage: 15, mmr: 0.025, cum: 25 },
  { notionalFloor: 25_000, notionalCap: 200_000, maxLeverage: 10, mmr: 0.05, cum: 650 },
  { notionalFloor: 200_000, notionalCap: 500_000, maxLeverage: 5, mmr: 0.1, cum: 10_650 },
  { notionalFloor: 500_000, notionalCap: 1_000_000, maxLeverage: 4, mmr: 0.125, cum: 23_150 },
  { notionalFloor: 1_000_000, notionalCap: 3_000_000, maxLeverage: 2, mmr: 0.25, cum: 148_150 },
  { notionalFloor: 3_000_000, notionalCap: 5_000_000, maxLeverage: 1, mmr: 0.5, cum: 898_150 },
] as const;

const tierSchema = z.strictObject({
  notionalFloor: z.number().min(0).describe('lowest position notional in the tier, USDT'),
  notionalCap: z.number().positive().describe('position notional where the tier ends, USDT'),
  maxLeverage: z.number().min(1).describe('highest leverage allowed in the tier, x'),
  mmr: positiveFraction().describe('maintenance margin rate, fraction of notional'),
  cum: z.number().min(0).describe('maintenance amount, USDT: maintenance margin = notional x mmr - cum'),
});

type Tier = z.output<typeof tierSchema>;

const tiersSchema = z
  .array(tierSchema)
  .min(1)
  .superRefine((tiers, ctx) => {
    for (const [i, issue] of tierIssues(tiers)) {
      ctx.addIssue({ code: 'custom', path: [i, issue.field], message: issue.message });
    }
  })
  .prefault(() => NMR_TIERS.map((tier) => ({ ...tier })))
  .describe('maintenance-margin tiers by position notional, lowest first, contiguous');

/**
 * Checks the tiers are sorted, contiguous and continuous:
 * cum(n) = cum(n-1) + notionalFloor(n) x (mmr(n) - mmr(n-1)), with cum(0) = 0 at floor 0.
 */
function tierIssues(tiers: readonly Tier[]): [number, { field: keyof Tier; message: string }][] {
  const issues: [number, { field: keyof Tier; message: string }][] = [];
  let prev: Tier | undefined;
  for (const [i, t] of tiers.entries()) {
    const at = (field: keyof Tier, message: string) => issues.push([i, { field, message }]);
    if (t.notionalCap <= t.notionalFloor) {
      at('notionalCap', `must be > notionalFloor (${t.notionalFloor}) (got ${t.notionalCap})`);
    }
    if (t.mmr > 1 / t.maxLeverage) {
      at('mmr', `must be <= 1 / maxLeverage (${1 / t.maxLeverage}) (got ${t.mmr})`);
    }
    if (prev === undefined) {
      if (t.notionalFloor !== 0) at('notionalFloor', `must be 0 in the first tier (got ${t.notionalFloor})`);
    } else if (t.notionalFloor < prev.notionalFloor) {
      at(
        'notionalFloor',
        `tiers must be sorted by notionalFloor (got ${t.notionalFloor} after ${prev.notionalFloor})`,
      );
    } else if (t.notionalFloor !== prev.notionalCap) {
      at(
        'notionalFloor',
        `must equal the previous tier's notionalCap ${prev.notionalCap} (got ${t.notionalFloor}); tiers must be contiguous`,
      );
    } else if (t.mmr < prev.mmr) {
      at('mmr', `must be >= the previous tier's mmr ${prev.mmr} (got ${t.mmr})`);
    }
    const expected =
      prev === undefined ? t.notionalFloor * t.mmr : prev.cum + t.notionalFloor * (t.mmr - prev.mmr);
    if (Math.abs(t.cum - expected) > CUM_TOLERANCE) {
      at(
        'cum',
        `must be ${round(expected)} to keep maintenance margin continuous, cum(n) = cum(n-1) + notionalFloor(n) x (mmr(n) - mmr(n-1)) (got ${t.cum})`,
      );
    }
    prev = t;
  }
  return issues;
}

const fundingFallbackSchema = z
  .strictObject({
    intervalHours: z
      .number()
      .positive()
      .max(24)
      .default(8)
      .describe('funding interval assumed when the exchange reports none, hours'),
    ratePer8h: z
      .number()
      .min(-0.05)
      .max(0.05)
      .default(0.0001)
      .describe(
        'funding rate assumed where history is missing, per 8 h (0.0001 = 0.01%); backtests report its use',
      ),
  })
  .prefault({})
  .describe('funding fallbacks: used only where real funding data is missing');

const instrumentSchema = z
  .strictObject({
    tickSize: z.number().positive().default(0.001).describe('price tick, USDT (live: from the exchange)'),
    stepSize: z.number().positive().default(0.1).describe('quantity step, NMR (live: from the exchange)'),
    minQuantity: z.number().min(0).default(0.1).describe('smallest order quantity, NMR'),
    minNotional: z.number().min(0).default(5).describe('smallest order notional, USDT (reduce-only exempt)'),
  })
  .prefault({})
  .describe('contract filters used by backtests; live trading reads them from the exchange');

export const perpSchema = z
  .strictObject({
    instrument: instrumentSchema,
    tiers: tiersSchema,
    liquidationFeeRate: z
      .number()
      .min(0)
      .max(0.1)
      .default(0.015)
      .describe(
        'fee charged at liquidation, fraction of the notional at the liquidation price (0.015 = 1.5%)',
      ),
    fundingFallback: fundingFallbackSchema,
  })
  .prefault({})
  .describe('perp: perpetual-contract margin, liquidation and funding parameters');

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
