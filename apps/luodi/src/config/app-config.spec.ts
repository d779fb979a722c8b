import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.kafkaBrokers).toBeUndefined();
  });

  it('reads the Kafka brokers as a list', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092' }).kafkaBrokers).toEqual([
      'kafka-1:9092',
      'kafka-2:9092',
    ]);
  });

  it('refuses bad settings and names each of them', () => {
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x/y',
        LOG_LEVEL: 'loud',
        BOOTSTRAP_ADMIN_KEY: 'short',
        KAFKA_BROKERS: 'kafka:9092,,nope',
        SUPERVISION_SCHEDULE: 'every night',
        RATE_LIMIT_PER_SECOND: 'many',
        REQUEST_TIMEOUT_MS: '10',
        DATABASE_STATEMENT_TIMEOUT_MS: '-1',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of [
        'PORT',
        'DATABASE_URL',
        'LOG_LEVEL',
        'BOOTSTRAP_ADMIN_KEY',
        'KAFKA_BROKERS',
        'SUPERVISION_SCHEDULE',
        'RATE_LIMIT_PER_SECOND',
        'REQUEST_TIMEOUT_MS',
        'DATABASE_STATEMENT_TIMEOUT_MS',
      ]) {
        expect(message).toContain(name);
      }
    }
  });

  it('evaluates supervision daily at 00:05 unless told otherwise', () => {
    expect(loadConfig({}).supervisionSchedule).toBe('0 5 0 * * *');
    expect(loadConfig({ SUPERVISION_SCHEDULE: '0 0 */6 * * *' }).supervisionSchedule).toBe(
      '0 0 */6 * * *',
    );
    expect(loadConfig({ SUPERVISION_SCHEDULE: 'off' }).supervisionSchedule).toBeNull();
  });

  it('limits each client to 300 requests a second with bursts of 600 unless told otherwise', () => {
    expect(loadConfig({}).rateLimit).toEqual({ perSecond: 300, burst: 600 });
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '20' }).rateLimit).toEqual({
      perSecond: 20,
      burst: 40,
    });
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '20', RATE_LIMIT_BURST: '25' }).rateLimit).toEqual({
      perSecond: 20,
      burst: 25,
    });
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '0' }).rateLimit).toEqual({
      perSecond: 0,
      burst: 0,
    });
    expect(() => loadConfig({ RATE_LIMIT_PER_SECOND: '20', RATE_LIMIT_BURST: '10' })).toThrow(
      /RATE_LIMIT_BURST=10 must be at least RATE_LIMIT_PER_SECOND=20/,
    );
  });

  it('cuts slow requests after 30 s and database statements after 30 s (0 = never)', () => {
    const config = loadConfig({});
    expect(config.requestTimeoutMs).toBe(30_000);
    expect(config.statementTimeoutMs).toBe(30_000);
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '0' }).statementTimeoutMs).toBe(0);
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000' }).requestTimeoutMs).toBe(5000);
  });

  it('accepts a PostgreSQL URL and a bootstrap key', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/luodi',
      BOOTSTRAP_ADMIN_KEY: 'k'.repeat(32),
      PORT: '8080',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@127.0.0.1:5432/luodi',
    });
  });
});
