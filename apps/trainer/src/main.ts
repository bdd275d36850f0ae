import { Logger } from '@nestjs/common';
import type { Queue, Worker } from 'bullmq';
import { loadEnv } from '@crypto/config';
import { createRedisConnection } from '@crypto/messaging';
import { exitOnShutdownSignal, startOpsServer, type OpsServer } from '@crypto/observability';
import {
  connectDailyReports,
  createDailyReportWorker,
  createReportQueue,
  reportMarket,
  scheduleDailyReport,
} from '@crypto/reporting';
import {
  connectTrainingPipeline,
  createTrainingWorker,
  scheduleTraining,
  trainingSymbols,
  TrainingJobs,
  type TrainingDeps,
} from '@crypto/training';
import { TrainerEnv } from './trainer.env';

export interface Trainer {
  ops: OpsServer;
  jobs: TrainingJobs;
  worker: Worker;
  /** the reports queue: the daily report's repeatable job */
  reports: Queue;
  reportWorker: Worker;
  close(): Promise<void>;
}

export interface TrainerOptions {
  /** BullMQ prefix (tests isolate their queue); default TRAINING_QUEUE_PREFIX */
  prefix?: string;
  /** replaces parts of the pipeline (tests: their own candle source) */
  deps?: Partial<TrainingDeps>;
}

/**
 * The trainer (SPEC §7): the training queue's worker (one step at a time), the repeatable schedule from
 * TRAINING_CRON / TRAINING_SYMBOLS, the daily report (SPEC §8 `report`, a repeatable job from REPORT_CRON
 * on its own queue), and the ops endpoint (/health, /metrics on METRICS_PORT 9104).
 */
export async function startTrainer(
  env: TrainerEnv = loadEnv(TrainerEnv),
  options: TrainerOptions = {},
): Promise<Trainer> {
  const logger = new Logger('Trainer');
  const prefix = options.prefix ?? env.TRAINING_QUEUE_PREFIX;
  const runtime = await connectTrainingPipeline(env, options.deps);
  // BullMQ keeps blocking commands on the worker's connection: one connection each
  const queueRedis = createRedisConnection(env.REDIS_URL);
  const workerRedis = createRedisConnection(env.REDIS_URL);
  const jobs = new TrainingJobs(queueRedis, {
    prefix,
    attempts: env.TRAINING_ATTEMPTS,
    backoffMs: env.TRAINING_BACKOFF_MS,
    runs: runtime.runs,
  });
  const worker = createTrainingWorker(runtime.pipeline, jobs, workerRedis, {
    prefix,
    lockDurationMs: env.TRAINING_JOB_LOCK_MS,
  });
  const symbols = trainingSymbols(env);
  await scheduleTraining(jobs, env.TRAINING_CRON, {
    symbols,
    exchange: env.TRAINING_EXCHANGE,
    timeframe: env.TRAINING_TIMEFRAME,
  });
  const reporting = connectDailyReports(env);
  const reportRedis = createRedisConnection(env.REDIS_URL);
  const reports = createReportQueue(queueRedis, prefix);
  const reportWorker = createDailyReportWorker(reporting.service, reportRedis, { prefix });
  await scheduleDailyReport(reports, env.REPORT_CRON, reportMarket(env));
  const ops = await startOpsServer({
    app: 'trainer',
    port: env.METRICS_PORT,
    host: env.METRICS_HOST,
    health: async () => {
      const redis = await queueRedis.ping().then(
        () => 'ok',
        (e: Error) => e.message,
      );
      const ok = redis === 'ok' && worker.isRunning() && reportWorker.isRunning();
      return {
        status: ok ? 'ok' : 'degraded',
        redis,
        worker: worker.isRunning(),
        report_worker: reportWorker.isRunning(),
        backend: runtime.backend,
      };
    },
  });
  logger.log(
    `trainer started: schedule "${env.TRAINING_CRON}" UTC for ${symbols.join(', ') || 'no symbol'} ` +
      `(${env.TRAINING_EXCHANGE} ${env.TRAINING_TIMEFRAME}), ${env.TRAINING_ATTEMPTS} attempts per step; ` +
      `daily report of ${env.REPORT_SYMBOL} ${env.REPORT_TIMEFRAME} "${env.REPORT_CRON}" UTC into bucket ${env.REPORTS_BUCKET}`,
  );
  return {
    ops,
    jobs,
    worker,
    reports,
    reportWorker,
    close: async () => {
      // let the running step and report finish (their locks are ours), then release everything
      await Promise.all([worker.close(), reportWorker.close()]);
      await Promise.all([jobs.close(), reports.close()]);
      await Promise.all([runtime.close(), reporting.close()]);
      await Promise.all([queueRedis.quit(), workerRedis.quit(), reportRedis.quit()]);
      await new Promise((resolve) => ops.server.close(resolve));
    },
  };
}

if (require.main === module) {
  void startTrainer().then((trainer) => exitOnShutdownSignal(trainer.ops, () => trainer.close()));
}
