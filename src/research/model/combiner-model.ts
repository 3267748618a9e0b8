import { InputError, NmrbotError } from '../../core/index.js';
import type { CombinerConfig } from '../../config/index.js';
import { REGIME_FEATURE, featureVector } from './features.js';
import { checkFeatures, loadModel, predictArtifact } from './model-artifact.js';
import type { ModelArtifact } from './artifact-schema.js';
import type { CombinerModel } from '../../strategy/playbook/model-combiner.js';

/**
 * A synchronous `CombinerModel` from a saved artifact. The feature row is built from the readings in
 * the artifact's layout: the regime column only when the artifact has one. A model whose features
 * are not the current signals' is refused here, naming `file` and the difference.
 */
export function combinerModelFromArtifact(artifact: ModelArtifact, file: string): CombinerModel {
  checkFeatures(artifact, file);
  const withRegime = artifact.features.includes(REGIME_FEATURE);
  return {
    probability: (signals, regime) => {
      const [p] = predictArtifact(artifact, [featureVector(signals, withRegime ? regime : undefined)]);
      return p ?? Number.NaN;
    },
    model: {
      kind: artifact.kind,
      dataHash: artifact.dataHash,
      trainingWindow: { from: artifact.trainingWindow.from, to: artifact.trainingWindow.to },
    },
  };
}

/**
 * Loads `signals.combiner.model` once, at start-up, when the mode needs a model (ai, blend);
 * undefined in fixed mode. Errors name `signals.combiner.model` and the file.
 */
export async function loadCombinerModel(config: CombinerConfig): Promise<CombinerModel | undefined> {
  if (config.mode === 'fixed') return undefined;
  const file = config.model;
  if (file === undefined)
    throw new InputError(`signals.combiner.model: is required with mode ${config.mode}`);
  try {
    // `await` also takes a loader that returns the artifact directly.
    const artifact: ModelArtifact = await loadModel(file);
    return combinerModelFromArtifact(artifact, file);
  } catch (error) {
    if (error instanceof NmrbotError)
      throw new InputError(`signals.combiner.model: ${error.message}`, { cause: error });
    throw error;
  }
}
