import type { MissingFamilyRule } from '../../config/index.js';

export interface WeightedPart {
  readonly value: number | null;
  readonly weight: number;
}

export interface WeightedMean {
  /** Null when every part is missing. */
  readonly value: number | null;
  /** The weight applied to each part, in order; 0 for a missing part. */
  readonly effectiveWeights: readonly number[];
}

/**
 * Combines parts under the missing-part rule. `zero`: a missing part counts 0 with its weight, so
 * present parts keep their weights. `renormalise`: the present parts share the whole weight pro
 * rata (w_i / sum of present weights); if the present weights sum to 0 they all get 0.
 */
export function weightedMean(parts: readonly WeightedPart[], rule: MissingFamilyRule): WeightedMean {
  const presentWeight = parts.reduce((sum, p) => (p.value === null ? sum : sum + p.weight), 0);
  const scale = rule === 'zero' || presentWeight === 0 ? 1 : 1 / presentWeight;
  const effectiveWeights = parts.map((p) => (p.value === null || presentWeight === 0 ? 0 : p.weight * scale));
  let value: number | null = null;
  parts.forEach((p, i) => {
    if (p.value !== null) value = (value ?? 0) + (effectiveWeights[i] ?? 0) * p.value;
  });
  return { value, effectiveWeights };
}
