import { checkDependencies, type DependencyProbe } from './dependency-health';

const probe = (name: string, check: DependencyProbe['check']): DependencyProbe => ({ name, check });
const NOW = new Date('2026-01-02T03:04:05.000Z');

describe(checkDependencies.name, () => {
  it('should be ok with the details of each probe when every dependency answers', async () => {
    const sut = await checkDependencies(
      [probe('postgres', async () => ({ version: '15.1' })), probe('redis', async () => ({}))],
      1000,
      () => NOW,
    );
    expect(sut).toEqual({
      status: 'ok',
      timestamp: '2026-01-02T03:04:05.000Z',
      dependencies: {
        postgres: { status: 'up', version: '15.1', latency_ms: expect.any(Number) },
        redis: { status: 'up', latency_ms: expect.any(Number) },
      },
    });
  });

  it('should be degraded, naming the failure, when a probe rejects', async () => {
    const sut = await checkDependencies(
      [
        probe('kafka', () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:9'))),
        probe('redis', async () => ({})),
      ],
      1000,
    );
    expect(sut.status).toBe('degraded');
    expect(sut.dependencies.kafka).toEqual({
      status: 'down',
      error: 'ECONNREFUSED 127.0.0.1:9',
      latency_ms: expect.any(Number),
    });
    expect(sut.dependencies.redis!.status).toBe('up');
  });

  it('should cut a probe off at the timeout and abort its signal', async () => {
    let aborted = false;
    const hanging = probe('mlflow', (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => undefined);
    });
    const started = Date.now();
    const sut = await checkDependencies([hanging], 50);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sut.dependencies.mlflow).toMatchObject({ status: 'down', error: 'no answer within 50 ms' });
    expect(aborted).toBe(true);
  });

  it('should report a probe that throws synchronously as down instead of throwing', async () => {
    const sut = await checkDependencies(
      [
        probe('model', () => {
          throw new Error('boom');
        }),
      ],
      100,
    );
    expect(sut.dependencies.model).toMatchObject({ status: 'down', error: 'boom' });
  });
});
