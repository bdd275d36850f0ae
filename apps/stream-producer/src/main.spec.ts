import { loadEnv } from '@crypto/config';
import { startStreamProducer } from './main';
import { StreamProducerEnv } from './stream-producer.env';

describe(startStreamProducer.name, () => {
  it('should default its metrics port to 9102', () => {
    expect(loadEnv(StreamProducerEnv, {}).METRICS_PORT).toBe(9102);
  });

  it('should refuse a metrics port out of range', () => {
    expect(() => loadEnv(StreamProducerEnv, { METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('should serve its health and metrics once started', async () => {
    const ops = await startStreamProducer(loadEnv(StreamProducerEnv, { METRICS_PORT: '0' }));
    try {
      const base = `http://127.0.0.1:${ops.port}`;
      expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
        status: 'ok',
        app: 'stream-producer',
      });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('app="stream-producer"');
    } finally {
      await new Promise((resolve) => ops.server.close(resolve));
    }
  });
});
