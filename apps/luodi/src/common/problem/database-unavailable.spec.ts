import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { toApiProblem } from './to-api-problem';

/** A pg DatabaseError as TypeORM wraps it (QueryFailedError, the SQLSTATE on driverError). */
function queryFailed(code: string, message: string): QueryFailedError {
  return new QueryFailedError(
    'INSERT INTO events ...',
    [],
    Object.assign(new Error(message), { code }),
  );
}

describe('database failures answer 503 UNAVAILABLE, never 500', () => {
  it.each([
    [
      '25006',
      'cannot execute INSERT in a read-only transaction',
      /read-only.*nothing was written.*Reads still work/,
    ],
    [
      '53100',
      'could not extend file "base/16384/16411": No space left on device',
      /out of disk space.*nothing was written.*Reads still work/,
    ],
    ['53200', 'out of memory', /out of memory/],
    ['53000', 'insufficient resources', /out of resources/],
    ['53300', 'sorry, too many clients already', /no free connection/],
    ['57P01', 'terminating connection due to administrator command', /not reachable/],
    ['57P02', 'terminating connection because of crash of another server process', /not reachable/],
    ['57P03', 'the database system is starting up', /not reachable/],
    ['08006', 'connection failure', /not reachable/],
    ['08001', 'could not connect to server', /not reachable/],
    ['08004', 'server rejected the connection', /not reachable/],
  ])('SQLSTATE %s (%s) says what is wrong', (code, message, detail) => {
    const problem = toApiProblem(queryFailed(code, message));
    expect(problem.code).toBe('UNAVAILABLE');
    expect(problem.status).toBe(503);
    expect(problem.message).toMatch(detail);
    // Sent as Retry-After by the problem filter.
    expect(problem.extras.retryAfterSeconds).toBe(5);
  });

  it('takes the SQLSTATE from a bare pg error too (outside TypeORM, e.g. a pool connect)', () => {
    const error = Object.assign(new Error('the database system is in recovery mode'), {
      code: '57P03',
    });
    expect(toApiProblem(error).code).toBe('UNAVAILABLE');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])(
    'a socket error %s is 503',
    (code) => {
      const error = Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
      expect(toApiProblem(error)).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    },
  );

  it('a connection the server closed under a query is 503', () => {
    expect(toApiProblem(new Error('Connection terminated unexpectedly')).code).toBe('UNAVAILABLE');
  });

  it('a transaction whose connection broke under it (TypeORM released it) is 503', () => {
    // Seen in test/fault/postgres-restart.fault-spec.ts: a fast shutdown ended the session
    // between two statements of an append, which answered 500 before.
    expect(toApiProblem(new QueryRunnerProviderAlreadyReleasedError())).toMatchObject({
      code: 'UNAVAILABLE',
      status: 503,
    });
  });

  it('a transaction whose connection broke before its COMMIT was sent is 503', () => {
    // Seen in the same fault test: the session ended after an append's last statement; the
    // released query runner refused the COMMIT (nothing committed), which answered 500 before.
    expect(toApiProblem(new QueryRunnerAlreadyReleasedError())).toMatchObject({
      code: 'UNAVAILABLE',
      status: 503,
    });
  });

  it('a failure that is a defect, not an outage, stays 500 INTERNAL', () => {
    for (const error of [
      queryFailed('42P01', 'relation "nope" does not exist'),
      queryFailed('23505', 'duplicate key value violates unique constraint "x"'),
      new TypeError('undefined is not a function'),
    ]) {
      expect(toApiProblem(error)).toMatchObject({ code: 'INTERNAL', status: 500 });
    }
  });
});
