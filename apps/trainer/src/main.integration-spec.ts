import { randomBytes } from 'node:crypto';
import { loadEnv } from '@crypto/config';
import { TrainingJob } from '@crypto/messaging';
import { ReportJob } from '@crypto/reporting';
import { createTestObjectStorage, type TestObjectStorage } from '@crypto/storage';
import { until } from '@crypto/testing';
import { startTrainer, type Trainer } from './main';
import { TrainerEnv } from './trainer.env';

// The trainer on the real services (Redis, PostgreSQL, MinIO, MLflow, Kafka), with a queue prefix of its own.
describe(`${startTrainer.name} (real services)`, () => {
  let trainer: Trainer;
  let reports: TestObjectStorage;

  beforeAll(async () => {
    reports = await createTestObjectStorage();
    const env = loadEnv(TrainerEnv, {
      ...process.env,
      REPORTS_BUCKET: reports.bucket,
      REPORT_CRON: '15 0 * * *',
      METRICS_PORT: '0',
      TRAINING_REFRESH_CANDLES: 'false',
      TRAINING_CRON: '0 */6 * * *',
      TRAINING_SYMBOLS: 'BTC/USDT,ETH/USDT',
    });
    trainer = await startTrainer(env, { prefix: `test-trainer-${randomBytes(4).toString('hex')}` });
  });

  afterAll(async () => {
    await trainer.jobs.queue.obliterate({ force: true });
    await trainer.reports.obliterate({ force: true });
    await trainer.close();
    await reports?.drop();
  });

  it('should serve its health and metrics with the worker running', async () => {
    const base = `http://127.0.0.1:${trainer.ops.port}`;
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
      status: 'ok',
      app: 'trainer',
      redis: 'ok',
      worker: true,
      report_worker: true,
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

  it('should schedule the daily report from REPORT_CRON', async () => {
    const [scheduler] = await trainer.reports.getJobSchedulers();

    expect(scheduler).toMatchObject({ pattern: '15 0 * * *', name: ReportJob.Daily, tz: 'UTC' });
    expect((scheduler as { template?: { data?: unknown } }).template?.data).toEqual({
      market: { symbol: 'BTC/USDT', exchange: 'binance', timeframe: '1h' },
    });
  });

  it('should make and store the report of the day a job names', async () => {
    const job = await trainer.reports.add(ReportJob.Daily, {
      market: { symbol: 'BTC/USDT', exchange: 'binance', timeframe: '1h' },
      date: '2025-10-05',
    });
    await until(`report job ${job.id} to finish`, async () =>
      ['completed', 'failed'].includes(await job.getState()),
    );

    const done = await trainer.reports.getJob(job.id!);
    expect({ state: await done!.getState(), failed: done!.failedReason }).toEqual({
      state: 'completed',
      failed: undefined,
    });
    expect(done!.returnvalue).toEqual({
      date: '2025-10-05',
      markdown_key: '2025-10-05/binance/BTC-USDT/1h/report-2025-10-05.md',
      charts: [
        '2025-10-05/binance/BTC-USDT/1h/report-2025-10-05-price-risk.png',
        '2025-10-05/binance/BTC-USDT/1h/report-2025-10-05-forecast-realised.png',
      ],
    });
    const markdown = await reports.storage.getBytes(reports.bucket, done!.returnvalue.markdown_key);
    expect(markdown.toString('utf8')).toMatch(/^# Daily report: BTC\/USDT 1h on binance, 2025-10-05\n/);
  }, 40_000);
});
