import { Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { loadEnv } from '@crypto/config';
import { createRedisConnection } from '@crypto/messaging';
import { exitOnShutdownSignal, startOpsServer, type OpsServer } from '@crypto/observability';
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
 * TRAINING_CRON / TRAINING_SYMBOLS, and the ops endpoint (/health, /metrics on METRICS_PORT 9104).
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
  const ops = await startOpsServer({
    app: 'trainer',
    port: env.METRICS_PORT,
    host: env.METRICS_HOST,
    health: async () => {
      const redis = await queueRedis.ping().then(
        () => 'ok',
        (e: Error) => e.message,
      );
      const ok = redis === 'ok' && worker.isRunning();
      return { status: ok ? 'ok' : 'degraded', redis, worker: worker.isRunning(), backend: runtime.backend };
    },
  });
  logger.log(
    `trainer started: schedule "${env.TRAINING_CRON}" UTC for ${symbols.join(', ') || 'no symbol'} ` +
      `(${env.TRAINING_EXCHANGE} ${env.TRAINING_TIMEFRAME}), ${env.TRAINING_ATTEMPTS} attempts per step`,
  );
  return {
    ops,
    jobs,
    worker,
    close: async () => {
      // let the running step finish (its lock is ours), then release everything
      await worker.close();
      await jobs.close();
      await runtime.close();
      await Promise.all([queueRedis.quit(), workerRedis.quit()]);
      await new Promise((resolve) => ops.server.close(resolve));
    },
  };
}

if (require.main === module) {
  void startTrainer().then((trainer) => exitOnShutdownSignal(trainer.ops, () => trainer.close()));
}
