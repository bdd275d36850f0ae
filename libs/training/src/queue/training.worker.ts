import { Logger } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type IORedis from 'ioredis';
import { QueueName, TrainingJob, type TrainingJobName } from '@crypto/messaging';
import type { FlowState } from '../pipeline/flow-state';
import { TRAINING_STEPS, type TrainingPipeline, type TrainingStep } from '../pipeline/training-pipeline';
import { TrainingError } from '../training.error';
import { resolveTrainingRequest, type TrainingRequest } from '../training.request';
import type { StepProgressReport, TrainingJobData, TrainingJobs } from './training-jobs';

/** The repeatable job's data: which markets the schedule trains. */
export interface ScheduleJobData {
  symbols: string[];
  exchange: string;
  timeframe: string;
  /** model configuration overrides of scheduled runs */
  config?: TrainingRequest['config'];
}

export interface TrainingWorkerOptions {
  prefix?: string;
  /**
   * How long a job's lock lasts without renewal (BullMQ renews it every half of that). TF.js runs on threads
   * of its own (ThreadedModelOps), so the event loop renews it during training: a short lock lets a trainer
   * that died be noticed within about `lockDurationMs` + `stalledIntervalMs` of its last renewal.
   */
  lockDurationMs?: number;
  /** how often a worker looks for active jobs whose lock expired (their worker died); default lock / 3 */
  stalledIntervalMs?: number;
  /** times a step may lose its worker and go back to waiting before it fails (a step that kills its trainer) */
  maxStalledCount?: number;
  /** at most this many progress writes to Redis per second and job */
  progressIntervalMs?: number;
}

const SCHEDULER_ID = 'training-schedule';

/** TRAINING_JOB_LOCK_MS's default: a dead trainer's step runs again within about 40 s (30 s + a check). */
export const DEFAULT_JOB_LOCK_MS = 30_000;

const isStep = (name: string): name is TrainingStep => (TRAINING_STEPS as readonly string[]).includes(name);

/**
 * Schedules the training (a repeatable job from a cron pattern, UTC) of `symbols`, replacing any earlier
 * schedule; an empty list removes it.
 */
export async function scheduleTraining(
  jobs: Pick<TrainingJobs, 'queue'>,
  cron: string,
  data: ScheduleJobData,
): Promise<void> {
  if (data.symbols.length === 0) {
    await jobs.queue.removeJobScheduler(SCHEDULER_ID);
    return;
  }
  await jobs.queue.upsertJobScheduler(
    SCHEDULER_ID,
    { pattern: cron, tz: 'UTC' },
    { name: TrainingJob.Schedule, data: data as never, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
}

type Handler = (job: Job) => Promise<unknown>;

/**
 * The worker of the training queue: one handler per job name (the table is complete by type, STYLE §8),
 * one job at a time (training takes the CPU). A step that fails for the last time (or for a reason no
 * retry fixes) records the failure and frees the market; the promote step frees it on success.
 */
export function createTrainingWorker(
  pipeline: TrainingPipeline,
  jobs: TrainingJobs,
  connection: IORedis,
  options: TrainingWorkerOptions = {},
): Worker {
  const logger = new Logger('TrainingWorker');
  const lockDuration = options.lockDurationMs ?? DEFAULT_JOB_LOCK_MS;

  const runStep =
    (step: TrainingStep): Handler =>
    async (job) => {
      const { flow_id: flowId, request } = job.data as TrainingJobData;
      const market = resolveTrainingRequest(request);
      try {
        const state =
          step === TrainingJob.Extract
            ? await pipeline.begin(flowId, request)
            : (Object.values(await job.getChildrenValues())[0] as FlowState | undefined);
        if (!state) throw new Error(`${step} of ${flowId} found no result of the step before`);
        const result = await pipeline.runStep(
          step,
          state,
          throttledProgress(job, step, options.progressIntervalMs),
        );
        if (step === TrainingJob.Promote) await jobs.lock.release(market, flowId);
        return result;
      } catch (error) {
        const permanent = error instanceof TrainingError && error.permanent;
        if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
          await pipeline.fail(flowId, step, error);
          await jobs.lock.release(market, flowId);
          if (permanent) throw new UnrecoverableError((error as Error).message);
        } else {
          logger.warn(
            `${step} of ${flowId} failed (attempt ${job.attemptsMade + 1}), will retry: ${(error as Error).message}`,
          );
        }
        throw error;
      }
    };

  const schedule: Handler = async (job) => {
    const data = job.data as ScheduleJobData;
    const started: string[] = [];
    const skipped: string[] = [];
    for (const symbol of data.symbols) {
      try {
        const { job_id } = await jobs.enqueue({
          symbol,
          exchange: data.exchange,
          timeframe: data.timeframe,
          config: data.config,
          trigger: 'schedule',
        });
        started.push(job_id);
      } catch (error) {
        if (!(error instanceof TrainingError && error.code === 'ALREADY_RUNNING')) throw error;
        logger.log(`Scheduled training of ${symbol} skipped: ${error.message}`);
        skipped.push(symbol);
      }
    }
    return { started, skipped };
  };

  const handlers: Record<TrainingJobName, Handler> = {
    [TrainingJob.Schedule]: schedule,
    ...(Object.fromEntries(TRAINING_STEPS.map((step) => [step, runStep(step)])) as Record<
      TrainingStep,
      Handler
    >),
  };

  const worker = new Worker(
    QueueName.Training,
    async (job) => {
      const handler = handlers[job.name as TrainingJobName];
      if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
      return handler(job);
    },
    {
      connection,
      prefix: options.prefix,
      concurrency: 1,
      lockDuration,
      stalledInterval: options.stalledIntervalMs ?? Math.round(lockDuration / 3),
      maxStalledCount: options.maxStalledCount ?? 1,
    },
  );
  worker.on('error', (error) => logger.error(`Training worker: ${error.message}`));
  // a step whose worker died (its lock expired): BullMQ put it back to waiting, this worker runs it again
  worker.on('stalled', (jobId) =>
    logger.warn(`${jobId} stalled: the worker running it stopped renewing its lock; it runs again`),
  );
  worker.on('failed', (job, error) => {
    // a step that stalled too often fails before the handler runs: record it as the handler would have (a
    // parent failed by its failed child also has a deferred failure, but the child recorded it already)
    if (!job?.deferredFailure || job.stalledCounter === 0 || !isStep(job.name)) return;
    const { flow_id: flowId, request } = job.data as TrainingJobData;
    logger.error(`${job.name} of ${flowId} failed: ${error.message}`);
    void pipeline
      .fail(
        flowId,
        job.name,
        new Error(`${job.deferredFailure} (its trainer died ${job.stalledCounter} times)`),
      )
      .then(() => jobs.lock.release(resolveTrainingRequest(request), flowId))
      .catch((e: Error) => logger.warn(`Could not free ${flowId} after it stalled: ${e.message}`));
  });
  worker.on('completed', (job) => logger.log(`${job.name} ${job.id} completed`));
  return worker;
}

function throttledProgress(job: Job, step: TrainingStep, intervalMs = 500) {
  let last = 0;
  return async (fraction: number, message: string): Promise<void> => {
    const now = Date.now();
    if (fraction < 1 && now - last < intervalMs) return;
    last = now;
    const report: StepProgressReport = { step, fraction, message, at: now };
    await job.updateProgress(report as unknown as object);
  };
}
