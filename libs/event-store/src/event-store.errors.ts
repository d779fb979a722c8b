import type { ExpectedVersion } from './event-store.types';

/**
 * The stream's actual version when a conflict was seen; `'no-stream'` when it has none;
 * `'unknown'` when the clash aborted a caller's transaction, so it could not be read.
 */
export type ActualVersion = number | 'no-stream' | 'unknown';

/** The stream was not at the expected version; nothing was written. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: ActualVersion,
  ) {
    super(`Stream ${streamId} expected at ${String(expected)} but is at ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Alias kept for callers that think in terms of optimistic concurrency. */
export const ConcurrencyError = WrongExpectedVersionError;
export type ConcurrencyError = WrongExpectedVersionError;

/** An event id was already stored (a replayed command); nothing was written. */
export class DuplicateEventError extends Error {
  readonly code = 'DUPLICATE_EVENT';

  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Event id already stored (stream ${streamId}): ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventError';
  }
}
