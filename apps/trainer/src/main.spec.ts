import { loadEnv } from '@crypto/config';
import { startTrainer } from './main';
import { TrainerEnv } from './trainer.env';

describe(startTrainer.name, () => {
  it('should default its metrics port to 9104', () => {
    expect(loadEnv(TrainerEnv, {}).METRICS_PORT).toBe(9104);
  });

  it('should refuse a metrics port out of range', () => {
    expect(() => loadEnv(TrainerEnv, { METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('should serve its health and metrics once started', async () => {
    const ops = await startTrainer(loadEnv(TrainerEnv, { METRICS_PORT: '0' }));
    try {
      const base = `http://127.0.0.1:${ops.port}`;
      expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: 'ok', app: 'trainer' });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('app="trainer"');
    } finally {
      await new Promise((resolve) => ops.server.close(resolve));
    }
  });
});
