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
