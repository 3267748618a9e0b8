import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../../core/index.js';
import { calibrate } from './calibration.js';
import { REGIME_FEATURE, featureNames } from './features.js';
import { predictProba } from './logistic-regression.js';

export const MODEL_ARTIFACT_VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const metric = finite.nullable();

const artifactSchema = z
  .object({
    kind: z.literal('logistic'),
    version: z.literal(MODEL_ARTIFACT_VERSION),
    features: z.array(z.string().min(1)).min(1),
    coefficients: z.array(finite),
    intercept: finite,
    scaler: z.object({ mean: z.array(finite), std: z.array(finite.refine((v) => v > 0, 'must be > 0')) }),
    calibration: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }),
      z.object({ kind: z.literal('platt'), a: finite, b: finite, samples: z.number().int().min(0) }),
    ]),
    /** Epoch ms of the first and last training bar closes. */
    trainingWindow: z.object({ from: z.number().int(), to: z.number().int() }),
    horizonBars: z.number().int().min(1),
    metrics: z.object({
      samples: z.number().int().min(0),
      auc: metric,
      logLoss: metric,
      brier: metric,
      hitRate: metric,
      ic: metric,
    }),
    dataHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
  })
  .superRefine((a, ctx) => {
    const n = a.features.length;
    for (const field of ['coefficients', 'scaler.mean', 'scaler.std'] as const) {
      const length =
        field === 'coefficients'
          ? a.coefficients.length
          : a.scaler[field === 'scaler.mean' ? 'mean' : 'std'].length;
      if (length !== n)
        ctx.addIssue({
          code: 'custom',
          path: field.split('.'),
          message: `has ${length} entries, features has ${n}`,
        });
    }
    if (a.trainingWindow.to < a.trainingWindow.from)
      ctx.addIssue({
        code: 'custom',
        path: ['trainingWindow', 'to'],
        message: 'is before trainingWindow.from',
      });
  });

/** A trained model as saved to disk (JSON). Coefficients apply to features standardised by `scaler`. */
export type ModelArtifact = z.infer<typeof artifactSchema>;

/**
 * Parses and validates an artifact; `file` names it in errors, which read
 * `<file>: field <path>: <reason>`.
 */
export function parseModel(json: unknown, file: string): ModelArtifact {
  const result = artifactSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') || '(root)';
  throw new InputError(`${file}: field ${path}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Refuses a model whose features are not the current signal features (same names, same order),
 * naming what differs.
 */
export function checkFeatures(artifact: ModelArtifact, file: string, expected?: readonly string[]): void {
  const current = expected ?? featureNames(artifact.features.includes(REGIME_FEATURE));
  const unknown = artifact.features.filter((f) => !current.includes(f));
  const missing = current.filter((f) => !artifact.features.includes(f));
  const parts: string[] = [];
  if (unknown.length > 0) parts.push(`not current signals: ${unknown.join(', ')}`);
  if (missing.length > 0) parts.push(`missing current signals: ${missing.join(', ')}`);
  if (parts.length === 0 && artifact.features.some((f, j) => f !== current[j]))
    parts.push(`order differs: model ${artifact.features.join(', ')}; current ${current.join(', ')}`);
  if (parts.length > 0)
    throw new InputError(`${file}: field features: the model's features do not match (${parts.join('; ')})`);
}

export async function saveModel(file: string, artifact: ModelArtifact): Promise<void> {
  parseModel(artifact, file);
  await writeFile(file, `${JSON.stringify(artifact, null, 2)}\n`, 'utf8');
}

/** Reads, validates and feature-checks a saved model (see checkFeatures for `expectedFeatures`). */
export async function loadModel(file: string, expectedFeatures?: readonly string[]): Promise<ModelArtifact> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: cannot read the model: ${(error as Error).message}`);
  }
  const artifact = parseModel(json, file);
  checkFeatures(artifact, file, expectedFeatures);
  return artifact;
}

/** Calibrated P(label = 1) for feature rows in the artifact's feature order. */
export function predictArtifact(artifact: ModelArtifact, rows: readonly (readonly number[])[]): number[] {
  return predictProba(artifact, rows).map((p) => calibrate(artifact.calibration, p));
}
