/**
 * The streaming indicator contract (after trading-signals): O(1) per update, no look-ahead.
 * `add` takes the next closed value; `replace` revises the latest one (a bar still forming);
 * `result()` is null until `isStable`.
 */
export interface StreamingIndicator {
  /** How many inputs are needed before `result()` is meaningful. */
  readonly requiredInputs: number;
  add(value: number): number | null;
  replace(value: number): number | null;
  readonly isStable: boolean;
  result(): number | null;
}
