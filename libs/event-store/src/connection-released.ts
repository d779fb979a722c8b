import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * TypeORM releases a transaction's connection when the connection breaks (the server shut down
 * or restarted under it); the transaction's next query, or its COMMIT (then never sent, so
 * nothing was written), fails with one of these. The database is away, not the request wrong.
 */
export function isConnectionReleased(error: unknown): boolean {
  return (
    error instanceof QueryRunnerProviderAlreadyReleasedError ||
    error instanceof QueryRunnerAlreadyReleasedError
  );
}
