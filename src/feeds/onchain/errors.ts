import { NmrbotError } from '../../core/index.js';

/**
 * The Ethereum JSON-RPC endpoint cannot serve the feed: unreachable, refusing, or failing even the
 * smallest log range. Stops the fetch; the message names the (redacted) URL. What was stored stays.
 */
export class RpcUnavailableError extends NmrbotError {
  override readonly name = 'RpcUnavailableError';
  readonly code = 'RPC_UNAVAILABLE';
}
