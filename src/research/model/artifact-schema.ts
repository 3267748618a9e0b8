import { z } from 'zod';
import { BoosterFormatError, parseBoosterTrees } from './booster-trees.js';

export const MODEL_ARTIFACT_VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const metric = finite.nullable();

/** Fields every model kind carries. */
const common = {
  version: z.literal(MODEL_ARTIFACT_VERSION),
  features: z.array(z.string().min(1)).min(1),
  calibration: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('platt'), a: finite, b: finite, samples: z.number().int().min(0) }),
  ]),
  /** Epoch ms of the first and last bar closes the model saw (fit and calibration samples). */
  trainingWindow: z.object({ from: z.number().int(), to: z.number().int() }),
  horizonBars: z.number().int().min(1),
  /** Round-trip cost (fraction of price) the labels were net of. */
  cost: finite.refine((v) => v >= 0, 'must be >= 0').optional(),
  /** The market and bar timeframe the model was trained on (set by `nmrbot model train`). */
  market: z
    .object({ exchange: z.string().min(1), symbol: z.string().min(1), timeframe: z.string().min(1) })
    .optional(),
  metrics: z.object({
    samples: z.number().int().min(0),
    auc: metric,
    logLoss: metric,
    brier: metric,
    hitRate: metric,
    ic: metric,
  }),
  dataHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
};

type Ctx = z.core.$RefinementCtx;

function checkWindow(a: { trainingWindow: { from: number; to: number } }, ctx: Ctx): void {
  if (a.trainingWindow.to < a.trainingWindow.from)
    ctx.addIssue({
      code: 'custom',
      path: ['trainingWindow', 'to'],
      message: 'is before trainingWindow.from',
    });
}

const logisticSchema = z
  .object({
    kind: z.literal('logistic'),
    ...common,
    coefficients: z.array(finite),
    intercept: finite,
    scaler: z.object({ mean: z.array(finite), std: z.array(finite.refine((v) => v > 0, 'must be > 0')) }),
  })
  .superRefine((a, ctx) => {
    const n = a.features.length;
    const lengths = {
      coefficients: a.coefficients.length,
      'scaler.mean': a.scaler.mean.length,
      'scaler.std': a.scaler.std.length,
    };
    for (const [field, length] of Object.entries(lengths))
      if (length !== n)
        ctx.addIssue({
          code: 'custom',
          path: field.split('.'),
          message: `has ${length} entries, features has ${n}`,
        });
    checkWindow(a, ctx);
  });

const xgboostSchema = z
  .object({
    kind: z.literal('xgboost'),
    ...common,
    /** ml-xgboost's booster: its options and the XGBoost binary model, base64. */
    booster: z.object({
      library: z.literal('ml-xgboost'),
      options: z.record(z.string(), z.union([z.string(), z.number()])),
      model: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
    }),
  })
  .superRefine((a, ctx) => {
    try {
      const trees = parseBoosterTrees(Buffer.from(a.booster.model, 'base64'));
      if (trees.featureCount !== a.features.length)
        ctx.addIssue({
          code: 'custom',
          path: ['booster', 'model'],
          message: `the booster has ${trees.featureCount} features, features has ${a.features.length}`,
        });
    } catch (error) {
      if (!(error instanceof BoosterFormatError)) throw error;
      ctx.addIssue({
        code: 'custom',
        path: ['booster', 'model'],
        message: `not a booster (${error.message})`,
      });
    }
    checkWindow(a, ctx);
  });

/** The logistic baseline; coefficients apply to features standardised by `scaler`. */
export type LogisticArtifact = z.infer<typeof logisticSchema>;
/** Gradient-boosted trees; predictions come from the booster's parsed trees. */
export type XgboostArtifact = z.infer<typeof xgboostSchema>;
/** A trained model as saved to disk (JSON), discriminated by `kind`. */
export type ModelArtifact = LogisticArtifact | XgboostArtifact;
export type ModelKind = ModelArtifact['kind'];
export const MODEL_KINDS: readonly ModelKind[] = ['logistic', 'xgboost'];

/** The schema of `json`'s kind, or null when the kind is not one of MODEL_KINDS. */
export function schemaFor(json: unknown): typeof logisticSchema | typeof xgboostSchema | null {
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  return kind === 'logistic' ? logisticSchema : kind === 'xgboost' ? xgboostSchema : null;
}
