import { NmrbotError } from '../../core/index.js';

/** A signal read data from after its reading time, or from before its declared warm-up. */
export class LookaheadCheckFailedError extends NmrbotError {
  override readonly name = 'LookaheadCheckFailedError';
  readonly code = 'LOOKAHEAD_CHECK_FAILED';
}
