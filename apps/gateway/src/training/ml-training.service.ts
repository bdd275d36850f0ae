import { ServiceUnavailableException } from '@nestjs/common';
import type IORedis from 'ioredis';
import { asStorageError, type TrainingRun, type TrainingRunRepository } from '@crypto/storage';
import {
  TrainingError,
  type TrainingJobs,
  type TrainingJobStatus,
  type TrainingRequest,
} from '@crypto/training';

/**
 * SPEC §8 training endpoints over the training queue (BullMQ on Redis, run by the trainer) and the
 * `training_runs` table. Domain refusals stay `TrainingError`s (400 / 409 / 404); Redis away is a 503 at
 * once (no request waits for Redis to come back), PostgreSQL away a `StorageError`.
 */
export class MlTrainingService {
  constructor(
    private readonly jobs: Pick<TrainingJobs, 'enqueue' | 'status'>,
    private readonly runs: Pick<TrainingRunRepository, 'recent'>,
    private readonly redis: Pick<IORedis, 'status'>,
  ) {}

  start(request: TrainingRequest): Promise<{ job_id: string }> {
    return this.onQueue('start a training', () => this.jobs.enqueue({ ...request, trigger: 'api' }));
  }

  status(jobId: string): Promise<TrainingJobStatus> {
    return this.onQueue(`read training job ${jobId}`, () => this.jobs.status(jobId));
  }

  /** The latest `n` runs, newest first. */
  async recent(n: number): Promise<TrainingRun[]> {
    try {
      return await this.runs.recent(n);
    } catch (error) {
      throw asStorageError(error, 'read training runs');
    }
  }

  private async onQueue<T>(what: string, call: () => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready') throw unavailable(what, `connection ${this.redis.status}`);
    try {
      return await call();
    } catch (error) {
      if (error instanceof TrainingError) throw error;
      // Redis first: its connection errors can carry the same codes as PostgreSQL's (ECONNREFUSED)
      if (this.redis.status !== 'ready' || isRedisFailure(error))
        throw unavailable(what, error instanceof Error ? error.message : String(error));
      throw asStorageError(error, what);
    }
  }
}

const unavailable = (what: string, detail: string) =>
  new ServiceUnavailableException(`the training queue (Redis) is unavailable to ${what} (${detail})`);

// ioredis with enableOfflineQueue false / maxRetriesPerRequest: what a command says while Redis is away
const REDIS_FAILURES = [/Stream isn't writeable/, /Connection is closed/, /max retries per request/i];

function isRedisFailure(error: unknown): boolean {
  return error instanceof Error && REDIS_FAILURES.some((pattern) => pattern.test(error.message));
}
