import type { Finding } from './finding.js';
import type { Sizing } from './sizing.js';

/** What one sizing cap did to an entry. */
export interface CapStep {
  readonly sizing: Sizing;
  /** Set when the cap cut or refused the entry. */
  readonly finding?: Finding;
  /** True when the cap left nothing to enter. */
  readonly refused?: boolean;
}
