import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { isDatabaseOutage } from './database-outage';

const pgError = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseOutage: the database cannot serve now (retry), not a bad message', () => {
  it.each(['57P01', '57P02', '57P03', '08006', '08001', '53100', '53200', '53300', '25006'])(
    'SQLSTATE %s, bare or wrapped by TypeORM',
    (code) => {
      expect(isDatabaseOutage(pgError(code))).toBe(true);
      expect(isDatabaseOutage(new QueryFailedError('SELECT 1', [], pgError(code)))).toBe(true);
    },
  );

  it('socket errors and a connection closed under a query', () => {
    expect(isDatabaseOutage(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(
      true,
    );
    expect(isDatabaseOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseOutage(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    expect(isDatabaseOutage(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('not a failure of the handler or the data', () => {
    expect(isDatabaseOutage(new Error('cannot handle ContractSigned'))).toBe(false);
    expect(isDatabaseOutage(pgError('23505', 'duplicate key'))).toBe(false);
    expect(isDatabaseOutage(pgError('22P02', 'invalid input syntax'))).toBe(false);
    expect(isDatabaseOutage(undefined)).toBe(false);
  });
});
