import { z } from 'zod';
import { envVarName, fraction } from './fields.js';

const JOURNAL_URL = /^(sqlite:.+|postgres(ql)?:\/\/.+)$/;

const reviewSchema = z
  .strictObject({
    intervalDays: z.int().positive().default(7).describe('days between reviews of signal accuracy'),
    autoApply: z
      .boolean()
      .default(false)
      .describe('apply the re-weighted signal weights automatically (false: only propose them)'),
    maxWeightStep: z
      .number()
      .positive()
      .max(1)
      .default(0.05)
      .describe('largest change of one family weight in a single review, absolute (0.05 = 5 points)'),
    shrinkage: fraction()
      .default(0.5)
      .describe('pull of new weights back toward the defaults: 0 none, 1 keep the defaults'),
    horizonHours: z
      .number()
      .positive()
      .default(6)
      .describe('forward-return horizon a decision is scored over, hours (the playbook time exit)'),
    minSamples: z
      .int()
      .positive()
      .default(30)
      .describe('below this many scored decisions the shrinkage grows toward 1 (keep the defaults)'),
  })
  .prefault({})
  .describe('weekly review: per-family accuracy and bounded re-weighting');

export const journalSchema = z
  .strictObject({
    url: z
      .string()
      .regex(JOURNAL_URL, 'must be sqlite:<path> or postgres://user@host:port/db')
      .optional()
      .meta({
        description:
          'trade journal database: postgres://user@host:port/db (tables in schema nmrbot, or ?schema=<name>) or sqlite:<path>; unset: SQLite in store.path. Password from PGPASSWORD, not in this file',
        examples: [
          'postgres://nmrbot@localhost:5432/nmrbot',
          'postgres://nmrbot@db:5432/trading?schema=nmrbot_paper',
        ],
      }),
    review: reviewSchema,
  })
  .prefault({})
  .describe('journal: every trade, its signals and regime, and the weekly review');

export const serverSchema = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('address the API and dashboard listen on (127.0.0.1 = this machine only)'),
    port: z.int().min(1).max(65535).default(8787).describe('TCP port of the API and dashboard'),
    tokenEnv: envVarName()
      .default('NMRBOT_API_TOKEN')
      .describe('environment variable holding the API bearer token (never in this file)'),
  })
  .prefault({})
  .describe('server: the API and live dashboard');
