import { SIGNAL_NAMES, type Regime, type SignalReading } from '../../signals/index.js';

/** The regime column, present when the dataset was built with a regime: 1 = high volatility. */
export const REGIME_FEATURE = 'regime_high_volatility';

/**
 * The feature columns, in order: for each signal of SIGNAL_NAMES its value (null -> 0) and
 * `<name>_missing` (1 when null), then the regime column if used.
 */
export function featureNames(withRegime: boolean): string[] {
  const names = SIGNAL_NAMES.flatMap((name) => [name, `${name}_missing`]);
  return withRegime ? [...names, REGIME_FEATURE] : names;
}

/** One feature vector from the readings (in SIGNAL_NAMES order) and, if used, the regime. */
export function featureVector(readings: readonly SignalReading[], regime?: Regime): number[] {
  const byName = new Map(readings.map((r) => [r.name, r.value]));
  const values = SIGNAL_NAMES.flatMap((name) => {
    const value = byName.get(name) ?? null;
    return value === null ? [0, 1] : [value, 0];
  });
  return regime === undefined ? values : [...values, regime === 'high_volatility' ? 1 : 0];
}
