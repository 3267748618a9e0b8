import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../../core/index.js';
import { MODEL_KINDS, schemaFor, type ModelArtifact, type XgboostArtifact } from './artifact-schema.js';
import { parseBoosterTrees, type BoosterTrees } from './booster-trees.js';
import { calibrate } from './calibration.js';
import { REGIME_FEATURE, featureNames } from './features.js';
import { predictTrees } from './gradient-boosting.js';
import { predictProba } from './logistic-regression.js';

/**
 * Parses and validates an artifact; `file` names it in errors, which read
 * `<file>: field <path>: <reason>`.
 */
export function parseModel(json: unknown, file: string): ModelArtifact {
  const schema = schemaFor(json);
  if (schema === null)
    throw new InputError(
      `${file}: field kind: must be one of ${MODEL_KINDS.map((k) => `"${k}"`).join(', ')}`,
    );
  const result = schema.safeParse(json);
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
  await mkdir(dirname(file), { recursive: true });
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

// Parsed boosters by artifact object: parsing is done once, not per prediction.
const parsedBoosters = new WeakMap<XgboostArtifact, BoosterTrees>();

/** The parsed trees of an xgboost artifact (parsed once per artifact object). */
export function boosterOf(artifact: XgboostArtifact): BoosterTrees {
  let trees = parsedBoosters.get(artifact);
  if (trees === undefined) {
    trees = parseBoosterTrees(Buffer.from(artifact.booster.model, 'base64'));
    parsedBoosters.set(artifact, trees);
  }
  return trees;
}

/**
 * Calibrated P(label = 1) for feature rows in the artifact's feature order. Synchronous for every
 * kind: trees are evaluated from the saved booster in TypeScript (no WASM), parsed on first use.
 */
export function predictArtifact(artifact: ModelArtifact, rows: readonly (readonly number[])[]): number[] {
  const raw =
    artifact.kind === 'logistic' ? predictProba(artifact, rows) : predictTrees(boosterOf(artifact), rows);
  return raw.map((p) => calibrate(artifact.calibration, p));
}
