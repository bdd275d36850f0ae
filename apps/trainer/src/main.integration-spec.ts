import { randomBytes } from 'node:crypto';
import { loadEnv } from '@crypto/config';
import { TrainingJob } from '@crypto/messaging';
import { startTrainer, type Trainer } from './main';
import { TrainerEnv } from './trainer.env';

// The trainer on the real services (Redis, PostgreSQL, MinIO, MLflow, Kafka), with a queue prefix of its own.
describe(`${startTrainer.name} (real services)`, () => {
  let trainer: Trainer;

  beforeAll(async () => {
    const env = loadEnv(TrainerEnv, {
      ...process.env,
      METRICS_PORT: '0',
      TRAINING_REFRESH_CANDLES: 'false',
      TRAINING_CRON: '0 */6 * * *',
      TRAINING_SYMBOLS: 'BTC/USDT,ETH/USDT',
    });
    trainer = await startTrainer(env, { prefix: `test-trainer-${randomBytes(4).toString('hex')}` });
  });

  afterAll(async () => {
    await trainer.jobs.queue.obliterate({ force: true });
    await trainer.close();
  });

  it('should serve its health and metrics with the worker running', async () => {
    const base = `http://127.0.0.1:${trainer.ops.port}`;
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
      status: 'ok',
      app: 'trainer',
      redis: 'ok',
      worker: true,
    });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('app="trainer"');
  });

  it('should schedule the training of the configured symbols from the cron pattern', async () => {
    const [scheduler] = await trainer.jobs.queue.getJobSchedulers();
    expect(scheduler).toMatchObject({ pattern: '0 */6 * * *', name: TrainingJob.Schedule });
    expect((scheduler as { template?: { data?: unknown } }).template?.data).toMatchObject({
      symbols: ['BTC/USDT', 'ETH/USDT'],
    });
  });
});
