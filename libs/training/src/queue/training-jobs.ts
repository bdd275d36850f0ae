import { FlowProducer, Queue, type FlowJob, type Job, type JobsOptions } from 'bullmq';
import type IORedis from 'ioredis';
import { QueueName, TrainingJob } from '@crypto/messaging';
import type { TrainingRunRepository } from '@crypto/storage';
import type { FlowState } from '../pipeline/flow-state';
import { newFlowId, TRAINING_STEPS, type TrainingStep } from '../pipeline/training-pipeline';
import { TrainingError } from '../training.error';
import { resolveTrainingRequest, type TrainingRequest } from '../training.request';
import { MarketLock } from './market-lock';

/** The data every job of a flow carries: the flow id and the request as asked. */
export interface TrainingJobData {
  flow_id: string;
  request: TrainingRequest;
}

/** A job's progress as the worker reports it. */
export interface StepProgressReport {
  step: TrainingStep;
  /** of this step, in [0, 1] */
  fraction: number;
  message: string;
  /** when the worker reported it (epoch ms): an active step whose report grows old is stuck */
  at?: number;
}

/**
 * `stalled`: a step is active but its lock expired, so the trainer running it died; a worker runs it again
 * at its next stalled-job check.
 */
export type TrainingFlowState =
  'waiting' | 'active' | 'stalled' | 'retrying' | 'completed' | 'failed' | 'unknown';

/** A step's state: BullMQ's, or `stalled` (active with no live lock: its worker died). */
export type TrainingStepState = string;

export interface TrainingJobStatus {
  job_id: string;
  state: TrainingFlowState;
  /** the step running (or waiting), the step that failed, or the last one when completed */
  step: TrainingStep | null;
  /** of the whole flow, 0–100, steps weighted by their usual duration */
  progress: number;
  message: string | null;
  steps: {
    name: TrainingStep;
    state: TrainingStepState;
    progress: number;
    attempts: number;
    /** times the step lost its worker (a trainer that died while running it) and went back to waiting */
    stalls: number;
    /** when the step last reported progress (ISO): a step that is active without news for long is stuck */
    progress_at: string | null;
    failed_reason: string | null;
  }[];
  request: TrainingRequest;
  /** the promotion decision once the flow completed */
  result: FlowState['decision'] | null;
  mlflow_run_id: string | null;
  failed_reason: string | null;
  created_at: string | null;
  finished_at: string | null;
}

export interface TrainingQueueOptions {
  /** BullMQ key prefix (default `bull`); tests isolate themselves with their own */
  prefix?: string;
  /** attempts per step (retries = attempts − 1) */
  attempts?: number;
  /** first retry delay; doubles on each retry */
  backoffMs?: number;
  /** the market lock expires after this even if nobody releases it (a crashed trainer) */
  lockTtlMs?: number;
  /** records the run (status `queued`) as soon as it is enqueued, for `GET /v1/ml/runs` */
  runs?: Pick<TrainingRunRepository, 'start'>;
}

// share of the whole flow each step usually takes (training dominates)
const STEP_WEIGHT: Record<TrainingStep, number> = {
  [TrainingJob.Extract]: 5,
  [TrainingJob.Validate]: 3,
  [TrainingJob.BuildDataset]: 5,
  [TrainingJob.Train]: 70,
  [TrainingJob.Evaluate]: 10,
  [TrainingJob.Register]: 3,
  [TrainingJob.Promote]: 4,
};

export const stepJobId = (flowId: string, step: TrainingStep): string => `${flowId}.${step}`;

/**
 * The training queue as the gateway and the scheduler see it: `enqueue` starts a flow (extract → … →
 * promote, each step a job with retries and exponential backoff; promote is the root, extract the
 * deepest leaf, each job reads its child's return value) unless the same market is already training;
 * `status` tells its state, step and progress.
 */
export class TrainingJobs {
  readonly queue: Queue<TrainingJobData>;
  readonly lock: MarketLock;
  private readonly flows: FlowProducer;
  private readonly prefix: string;

  constructor(
    private readonly connection: IORedis,
    private readonly options: TrainingQueueOptions = {},
  ) {
    this.prefix = options.prefix ?? 'bull';
    this.queue = new Queue<TrainingJobData>(QueueName.Training, { connection, prefix: this.prefix });
    this.flows = new FlowProducer({ connection, prefix: this.prefix });
    this.lock = new MarketLock(connection, this.prefix, options.lockTtlMs ?? 6 * 3_600_000);
  }

  /**
   * Starts a training flow; `TrainingError('ALREADY_RUNNING')` naming the running flow when the market
   * is training already, `INVALID_REQUEST` naming the bad field.
   */
  async enqueue(request: TrainingRequest): Promise<{ job_id: string }> {
    const resolved = resolveTrainingRequest(request);
    const flowId = newFlowId(resolved);
    let lock = await this.lock.acquire(resolved, flowId);
    if (!lock.acquired && (await this.isOver(lock.holder))) {
      // its worker died without releasing: the flow is finished, the lock is stale
      await this.lock.release(resolved, lock.holder);
      lock = await this.lock.acquire(resolved, flowId);
    }
    if (!lock.acquired) {
      throw new TrainingError(
        'ALREADY_RUNNING',
        `${resolved.symbol} ${resolved.timeframe} on ${resolved.exchange} is already training (job ${lock.holder})`,
      );
    }
    const data: TrainingJobData = {
      flow_id: flowId,
      request: { ...request, symbol: resolved.symbol, trigger: request.trigger ?? 'api' },
    };
    try {
      await this.options.runs?.start(flowId, { ...resolved }, 'queued');
      await this.flows.add(this.flowTree(flowId, data));
    } catch (error) {
      await this.lock.release(resolved, flowId);
      throw error;
    }
    return { job_id: flowId };
  }

  async status(jobId: string): Promise<TrainingJobStatus> {
    const jobs = await Promise.all(TRAINING_STEPS.map((step) => this.queue.getJob(stepJobId(jobId, step))));
    const root = jobs.at(-1);
    if (!root) throw new TrainingError('NOT_FOUND', `no training job ${jobId}`);
    const states = await Promise.all(
      jobs.map(async (j) => {
        if (!j) return 'unknown';
        const state = await j.getState();
        return state === 'active' && !(await this.isLocked(j.id!)) ? 'stalled' : state;
      }),
    );
    const steps = TRAINING_STEPS.map((name, i) => {
      const job = jobs[i];
      const report = progressOf(job);
      const done = states[i] === 'completed';
      return {
        name,
        state: states[i]!,
        progress: done ? 1 : (report?.fraction ?? 0),
        attempts: job?.attemptsMade ?? 0,
        stalls: job?.stalledCounter ?? 0,
        progress_at: report?.at ? new Date(report.at).toISOString() : null,
        failed_reason: job?.failedReason || null,
      };
    });
    const failed = steps.find((s) => s.state === 'failed' && s.failed_reason);
    const current = failed ?? steps.find((s) => s.state !== 'completed') ?? steps.at(-1)!;
    const total = Object.values(STEP_WEIGHT).reduce((a, b) => a + b, 0);
    const done = steps.reduce(
      (sum, s) => sum + STEP_WEIGHT[s.name] * (s.state === 'completed' ? 1 : s.progress),
      0,
    );
    const rootState = states.at(-1);
    const state: TrainingFlowState = failed
      ? 'failed'
      : rootState === 'completed'
        ? 'completed'
        : steps.some((s) => s.state === 'stalled')
          ? 'stalled'
          : steps.some((s) => s.state === 'delayed')
            ? 'retrying'
            : steps.some((s) => s.state === 'active' || s.state === 'completed')
              ? 'active'
              : 'waiting';
    const result = rootState === 'completed' ? (root.returnvalue as FlowState | undefined) : undefined;
    const lastState = [...jobs].reverse().find((j) => j?.returnvalue)?.returnvalue as FlowState | undefined;
    const leaf = jobs[0];
    return {
      job_id: jobId,
      state,
      step: current.name,
      progress: Math.round((1000 * done) / total) / 10,
      message: progressOf(jobs[TRAINING_STEPS.indexOf(current.name)])?.message ?? null,
      steps,
      request: root.data.request,
      result: result?.decision ?? null,
      mlflow_run_id: lastState?.run?.run_id ?? null,
      failed_reason: failed ? `${failed.name}: ${failed.failed_reason}` : null,
      created_at: leaf ? new Date(leaf.timestamp).toISOString() : null,
      finished_at:
        state === 'completed' || state === 'failed'
          ? new Date(Math.max(...jobs.map((j) => j?.finishedOn ?? 0))).toISOString()
          : null,
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.queue.close(), this.flows.close()]);
  }

  private flowTree(flowId: string, data: TrainingJobData): FlowJob {
    const opts = (step: TrainingStep): JobsOptions => ({
      jobId: stepJobId(flowId, step),
      attempts: this.options.attempts ?? 3,
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? 10_000 },
      // a step that fails for good fails the steps above it, so the flow ends failed, not waiting for ever
      failParentOnFailure: true,
      removeOnComplete: { age: 7 * 86_400 },
      removeOnFail: { age: 30 * 86_400 },
    });
    // promote is the root: children run first, so extract (the first step) is the deepest leaf
    return TRAINING_STEPS.reduce<FlowJob | undefined>(
      (child, step) => ({
        name: step,
        queueName: QueueName.Training,
        data,
        opts: opts(step),
        ...(child ? { children: [child] } : {}),
      }),
      undefined,
    )!;
  }

  /** Whether a worker holds the job's lock (BullMQ's `<prefix>:<queue>:<job id>:lock`, renewed while it runs). */
  private async isLocked(jobId: string): Promise<boolean> {
    return (await this.connection.exists(this.queue.toKey(`${jobId}:lock`))) === 1;
  }

  private async isOver(flowId: string): Promise<boolean> {
    const root = await this.queue.getJob(stepJobId(flowId, TrainingJob.Promote));
    if (!root) return true;
    const state = await root.getState();
    if (state === 'completed') return true;
    // a failed step fails its parents up to the root
    return state === 'failed';
  }
}

const progressOf = (job: Job | undefined): StepProgressReport | undefined =>
  job && typeof job.progress === 'object' ? (job.progress as unknown as StepProgressReport) : undefined;
