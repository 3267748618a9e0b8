import { z } from 'zod';
import { filePath, fraction } from './fields.js';

/** How the strategy turns its signals into one score (docs/signals.md#the-combiner). */
export const COMBINER_MODES = ['fixed', 'ai', 'blend'] as const;
export type CombinerMode = (typeof COMBINER_MODES)[number];

export const combinerSchema = z
  .strictObject({
    mode: z
      .enum(COMBINER_MODES)
      .default('fixed')
      .describe(
        'fixed: the weighted score; ai: 2p - 1 from the model (p = calibrated chance a long beats its cost); blend: a mix of both',
      ),
    model: filePath()
      .optional()
      .meta({
        description: 'model artifact (JSON from nmrbot model train) used by the ai and blend modes',
        examples: ['./models/nmr-logistic.json'],
      }),
    blend: fraction()
      .default(0.5)
      .describe('with mode blend: share of the model score, 0 to 1 ((1 - blend) x fixed + blend x (2p - 1))'),
  })
  .superRefine((combiner, ctx) => {
    if (combiner.mode !== 'fixed' && combiner.model === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: `is required with mode ${combiner.mode}: the path of a model artifact (nmrbot model train)`,
      });
  })
  .prefault({})
  .describe('combiner: the fixed weights, a learned model, or a blend of the two');
