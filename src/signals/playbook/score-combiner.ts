import type { EpochMs } from '../../core/index.js';
import type { SignalsConfig } from '../../config/index.js';
import {
  SIGNAL_FAMILIES,
  type FamilyScore,
  type Regime,
  type ScoreSnapshot,
  type SignalFamily,
  type SignalName,
  type SignalReading,
} from '../signal.types.js';
import { clampUnit } from './unit-scale.js';
import { weightedMean } from './weighted-mean.js';

export type ScoreSettings = Pick<SignalsConfig, 'weights' | 'priceWeights' | 'missingFamily'>;

/**
 * The weighted score behind an entry decision. The price family is the weighted mean of momentum,
 * mean reversion and funding (`priceWeights`); network and sentiment are their single signals.
 * Families combine with `weights` under `missingFamily` (the same rule applies to the price
 * signals inside their family); the score is clamped to [-1, 1] and is 0 when every family is missing.
 */
export function scoreSnapshot(
  readings: readonly SignalReading[],
  settings: ScoreSettings,
  time: EpochMs,
  regime: Regime,
): ScoreSnapshot {
  const valueOf = (name: SignalName): number | null => readings.find((r) => r.name === name)?.value ?? null;
  const { priceWeights, weights, missingFamily } = settings;
  const price = weightedMean(
    [
      { value: valueOf('momentum'), weight: priceWeights.momentum },
      { value: valueOf('mean_reversion'), weight: priceWeights.meanReversion },
      { value: valueOf('funding'), weight: priceWeights.funding },
    ],
    missingFamily,
  ).value;
  const familyValues: Record<SignalFamily, number | null> = {
    price,
    network: valueOf('network'),
    sentiment: valueOf('sentiment'),
  };
  const combined = weightedMean(
    SIGNAL_FAMILIES.map((family) => ({ value: familyValues[family], weight: weights[family] })),
    missingFamily,
  );
  const families = Object.fromEntries(
    SIGNAL_FAMILIES.map((family, i): [SignalFamily, FamilyScore] => [
      family,
      {
        value: familyValues[family],
        weight: weights[family],
        effectiveWeight: combined.effectiveWeights[i] ?? 0,
      },
    ]),
  ) as Record<SignalFamily, FamilyScore>;
  return { time, score: clampUnit(combined.value ?? 0), families, signals: readings, regime };
}
