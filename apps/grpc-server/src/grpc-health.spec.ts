import { Logger } from '@nestjs/common';
import { GrpcHealth } from './grpc-health';

describe(GrpcHealth.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('should be SERVING while PostgreSQL answers and NOT_SERVING, with the reason, while it does not', async () => {
    let up = true;
    const sut = new GrpcHealth(
      { query: () => (up ? Promise.resolve({ rows: [] }) : Promise.reject(new Error('ECONNREFUSED'))) },
      { intervalMs: 60_000 },
    );
    expect(sut.status).toBe('UNKNOWN');
    expect(await sut.probe()).toBe('SERVING');
    up = false;
    expect(await sut.probe()).toBe('NOT_SERVING');
    expect(sut.problem).toBe('PostgreSQL: ECONNREFUSED');
    up = true;
    expect(await sut.probe()).toBe('SERVING');
    expect(sut.problem).toBe('');
  });

  it('should be NOT_SERVING when PostgreSQL does not answer within the timeout', async () => {
    const sut = new GrpcHealth(
      { query: () => new Promise(() => undefined) },
      { intervalMs: 60_000, timeoutMs: 20 },
    );
    expect(await sut.probe()).toBe('NOT_SERVING');
    expect(sut.problem).toBe('PostgreSQL: no answer within 20 ms');
  });
});
