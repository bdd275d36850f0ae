import { IsInt, Min } from 'class-validator';
import { ConfigError, kafkaBrokerList, loadEnv, ServicesEnv } from './index';

class PortEnv {
  @IsInt()
  @Min(1)
  PORT: number = 8800;
}

describe(loadEnv.name, () => {
  it('should use the defaults when the environment is empty', () => {
    const sut = loadEnv(ServicesEnv, {});
    expect(sut.DATABASE_URL).toBe('postgres://crypto:crypto@127.0.0.1:5432/crypto');
    expect(sut.METRICS_PORT).toBe(9100);
  });

  it('should convert numeric strings to the declared type', () => {
    expect(loadEnv(PortEnv, { PORT: '9000' }).PORT).toBe(9000);
  });

  it('should ignore empty values and keep the default', () => {
    expect(loadEnv(PortEnv, { PORT: '' }).PORT).toBe(8800);
  });

  it('should name every bad key at once', () => {
    const load = () =>
      loadEnv(ServicesEnv, { METRICS_PORT: 'abc', MINIO_ENDPOINT: 'not a url', NODE_ENV: 'staging' });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/METRICS_PORT/);
      expect(problems).toMatch(/MINIO_ENDPOINT/);
      expect(problems).toMatch(/NODE_ENV/);
    }
  });
});

describe(kafkaBrokerList.name, () => {
  it('should split and trim the broker list', () => {
    expect(kafkaBrokerList({ KAFKA_BROKERS: ' a:9092, b:9092 ,' })).toEqual(['a:9092', 'b:9092']);
  });
});
