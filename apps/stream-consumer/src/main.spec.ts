import { loadEnv } from '@crypto/config';
import { startStreamConsumer } from './main';
import { StreamConsumerEnv } from './stream-consumer.env';

describe(startStreamConsumer.name, () => {
  it('should default its metrics port to 9103', () => {
    expect(loadEnv(StreamConsumerEnv, {}).METRICS_PORT).toBe(9103);
  });

  it('should refuse a metrics port out of range', () => {
    expect(() => loadEnv(StreamConsumerEnv, { METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('should serve its health and metrics once started', async () => {
    const ops = await startStreamConsumer(loadEnv(StreamConsumerEnv, { METRICS_PORT: '0' }));
    try {
      const base = `http://127.0.0.1:${ops.port}`;
      expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
        status: 'ok',
        app: 'stream-consumer',
      });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('app="stream-consumer"');
    } finally {
      await new Promise((resolve) => ops.server.close(resolve));
    }
  });
});
