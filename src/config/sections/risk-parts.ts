import { z } from 'zod';
import { MAX_LEVERAGE } from '../profiles.js';
import { filePath, positiveFraction } from './fields.js';

export const highVolatilitySchema = z
  .strictObject({
    maxLeverage: z
      .number()
      .min(1)
      .max(MAX_LEVERAGE)
      .default(2)
      .describe('max leverage per position while volatility is high, x'),
    maxMarginFraction: positiveFraction()
      .default(0.25)
      .describe('max share of equity committed as margin while volatility is high (0.25 = 25%)'),
    windowHours: z
      .number()
      .positive()
      .default(24)
      .describe('realised volatility of 1-bar log returns is measured over this many hours'),
    baselineDays: z
      .number()
      .positive()
      .default(30)
      .describe("the window's volatility is compared with the volatility over this many days, days"),
    ratio: z
      .number()
      .min(1)
      .default(1.5)
      .describe(
        'high volatility starts when the window volatility is at least this multiple of the baseline',
      ),
    exitRatio: z
      .number()
      .min(1)
      .default(1.2)
      .describe('high volatility ends only once the multiple is below this (hysteresis; <= ratio)'),
    annualisedThreshold: z
      .number()
      .positive()
      .default(1.5)
      .describe(
        'high volatility also starts when the annualised window volatility reaches this (1.5 = 150%)',
      ),
    exitAnnualised: z
      .number()
      .positive()
      .default(1.2)
      .describe(
        'and ends only once the annualised volatility is below this (hysteresis; <= annualisedThreshold)',
      ),
  })
  .superRefine((v, ctx) => {
    if (v.exitRatio > v.ratio) {
      ctx.addIssue({
        code: 'custom',
        path: ['exitRatio'],
        message: `must be <= ratio (${v.ratio}) (got ${v.exitRatio})`,
      });
    }
    if (v.exitAnnualised > v.annualisedThreshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['exitAnnualised'],
        message: `must be <= annualisedThreshold (${v.annualisedThreshold}) (got ${v.exitAnnualised})`,
      });
    }
    if (v.windowHours >= v.baselineDays * 24) {
      ctx.addIssue({
        code: 'custom',
        path: ['windowHours'],
        message: `must be shorter than baselineDays (${v.baselineDays} days = ${v.baselineDays * 24} h) (got ${v.windowHours})`,
      });
    }
  })
  .prefault({})
  .describe('tighter limits in the high-volatility regime (no looser than the normal ones), and its measure');

export const circuitBreakerSchema = z
  .strictObject({
    movePct: positiveFraction()
      .default(0.08)
      .describe('a price move this large, either way, trips the breaker: fraction (0.08 = 8%)'),
    windowMinutes: z.int().positive().default(15).describe('window the move is measured over, minutes'),
    calmHours: z
      .number()
      .positive()
      .default(2)
      .describe('hours without a new trigger before entries resume, after closing everything'),
  })
  .prefault({})
  .describe('circuit breaker: close all positions and halt entries on a violent move');

export const thinHoursSchema = z
  .strictObject({
    startHourUtc: z.int().min(0).max(23).default(2).describe('first low-liquidity hour, UTC (0 to 23)'),
    endHourUtc: z
      .int()
      .min(0)
      .max(24)
      .default(6)
      .describe('hour the low-liquidity window ends, UTC, exclusive (may wrap past midnight)'),
    noEntries: z.boolean().default(true).describe('refuse new entries inside the window'),
  })
  .refine((h) => h.startHourUtc !== h.endHourUtc % 24, {
    message: 'startHourUtc and endHourUtc must differ (the window would be empty or the whole day)',
  })
  .prefault({})
  .describe('thin hours: the low-liquidity window, [start, end) UTC; slippage is wider inside it');

export const eventsSchema = z
  .strictObject({
    calendarFile: filePath()
      .optional()
      .meta({
        description: 'YAML or CSV calendar of NMR/Numerai events (unset: the built-in calendar feed)',
        examples: ['./events.yaml'],
      }),
    blackoutBeforeMinutes: z
      .int()
      .min(0)
      .default(60)
      .describe('no entries this many minutes before an event, minutes'),
    blackoutAfterMinutes: z
      .int()
      .min(0)
      .default(60)
      .describe('no entries this many minutes after an event, minutes'),
  })
  .prefault({})
  .describe('events: blackout window around Numerai rounds, announcements and user events');

export const weekendsSchema = z
  .strictObject({
    refuseManualOverrides: z
      .boolean()
      .default(true)
      .describe(
        'refuse discretionary manual overrides on Saturday and Sunday UTC (a safety halt stays allowed)',
      ),
  })
  .prefault({})
  .describe('weekends: fully automated trading');

export const haltsSchema = z
  .strictObject({
    dailyLossPct: positiveFraction()
      .default(0.05)
      .describe(
        "halt entries for the rest of the UTC day after losing this share of the day's starting equity",
      ),
    maxDrawdownPct: positiveFraction()
      .default(0.2)
      .describe('halt entries when equity falls this share below its peak (0.20 = 20%)'),
    drawdownCooldownHours: z
      .number()
      .positive()
      .default(24)
      .describe('a drawdown halt lasts this many hours; the peak then restarts from the equity at its end'),
  })
  .prefault({})
  .describe('halts: loss limits that stop new entries');

export const liquiditySchema = z
  .strictObject({
    maxVolumeFraction: positiveFraction()
      .default(0.01)
      .describe('position notional cap, as a share of traded notional over the window (0.01 = 1%)'),
    volumeWindowHours: z
      .number()
      .positive()
      .default(24)
      .describe('window of recent traded volume the cap is measured against, hours'),
  })
  .prefault({})
  .describe('liquidity: keep positions small against what the market trades');

export const fundingCycleSchema = z
  .strictObject({
    windowMinutes: z
      .int()
      .min(0)
      .default(60)
      .describe(
        'minutes before a funding settlement in which the paying side needs an edge to enter (0 = off)',
      ),
    edgeMultiple: z
      .number()
      .min(0)
      .default(1)
      .describe("the expected edge must be at least this multiple of the settlement's funding cost"),
  })
  .prefault({})
  .describe('funding cycle: entering just before a settlement on the paying side must pay for itself');
