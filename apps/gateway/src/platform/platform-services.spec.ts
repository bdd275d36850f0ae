import { checkPlatform, parseNamedUrls } from './platform-services';

describe(parseNamedUrls.name, () => {
  it('should read name=url pairs and skip blank entries', () => {
    expect(parseNamedUrls(' trainer=http://127.0.0.1:9104/health, ,grpc-server=http://h:1/health')).toEqual([
      { name: 'trainer', url: 'http://127.0.0.1:9104/health' },
      { name: 'grpc-server', url: 'http://h:1/health' },
    ]);
    expect(parseNamedUrls('')).toEqual([]);
  });
});

describe(checkPlatform.name, () => {
  it('should report each component with its version, and degraded while one is down', async () => {
    const sut = await checkPlatform(
      [
        {
          kind: 'service',
          console: 'http://mlflow',
          probe: { name: 'mlflow', check: () => Promise.resolve({ version: '3.17.2' }) },
        },
        {
          kind: 'app',
          console: null,
          probe: { name: 'trainer', check: () => Promise.reject(new Error('connect ECONNREFUSED')) },
        },
      ],
      [{ name: 'MLflow', url: 'http://mlflow' }],
      1_000,
      () => new Date('2026-12-07T00:00:00Z'),
    );

    expect(sut).toMatchObject({
      status: 'degraded',
      timestamp: '2026-12-07T00:00:00.000Z',
      links: [{ name: 'MLflow', url: 'http://mlflow' }],
    });
    expect(sut.components).toEqual([
      expect.objectContaining({
        name: 'mlflow',
        kind: 'service',
        status: 'up',
        version: '3.17.2',
        error: null,
      }),
      expect.objectContaining({
        name: 'trainer',
        kind: 'app',
        status: 'down',
        version: null,
        error: 'connect ECONNREFUSED',
      }),
    ]);
  });
});
