/**
 * Domain errors, grouped by the reaction they need (see STYLE.md):
 * ConfigError and InputError stop the command with a message; VenueTemporaryError is retried;
 * VenueRejectedError goes back to the caller; InvariantError is a bug and crashes.
 */
export abstract class NmrbotError extends Error {
  abstract readonly code: string;
}

/** The configuration is invalid. `issues` lists each problem as `path: reason`. */
export class ConfigError extends NmrbotError {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A file, argument or payload cannot be used. The message names the file, line or field. */
export class InputError extends NmrbotError {
  override readonly name = 'InputError';
  readonly code = 'INPUT_INVALID';
}

/** A network or rate-limit fault at a venue: retry with backoff. */
export class VenueTemporaryError extends NmrbotError {
  override readonly name = 'VenueTemporaryError';
  readonly code = 'VENUE_TEMPORARY';
}

/** The venue refused a request: report to the caller. */
export class VenueRejectedError extends NmrbotError {
  override readonly name = 'VenueRejectedError';
  readonly code = 'VENUE_REJECTED';
}

/** An outside data feed (Numerai, RPC, social) could not be read; its signal family stays neutral. */
export class FeedUnavailableError extends NmrbotError {
  override readonly name = 'FeedUnavailableError';
  readonly code = 'FEED_UNAVAILABLE';
}

/** A broken internal invariant: a bug. */
export class InvariantError extends NmrbotError {
  override readonly name = 'InvariantError';
  readonly code = 'INVARIANT_BROKEN';
}
