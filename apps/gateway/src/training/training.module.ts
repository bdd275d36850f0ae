import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { createPgPool, TrainingRunRepository } from '@crypto/storage';
import { TrainingJobs } from '@crypto/training';
import { closeRedis, createRedisClient } from '@crypto/messaging';
import { PG_POOL } from '@crypto/serving';
import { GatewayEnv } from '../gateway.env';
import { MlTrainingController } from './ml-training.controller';
import { MlTrainingService } from './ml-training.service';

/** The Redis connection of the training queue (BullMQ commands fail at once while Redis is away). */
export const TRAINING_REDIS = Symbol('TRAINING_REDIS');

type Pool = ReturnType<typeof createPgPool>;

@Injectable()
class TrainingQueueResources implements OnApplicationShutdown {
  constructor(
    @Inject(TrainingJobs) private readonly jobs: TrainingJobs,
    @Inject(TRAINING_REDIS) private readonly redis: IORedis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
    await closeRedis(this.redis);
  }
}

/**
 * SPEC §8 `POST /v1/ml/train`, `GET /v1/ml/train/:job_id`, `GET /v1/ml/runs`: flows are queued on the
 * trainer's BullMQ queue (TRAINING_QUEUE_PREFIX) and run by the trainer's worker, never in the gateway.
 * `TrainingJobs` is exported for Bull Board.
 */
@Module({
  controllers: [MlTrainingController],
  providers: [
    {
      provide: TRAINING_REDIS,
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) => createRedisClient(env.REDIS_URL, 'gateway-training'),
    },
    {
      provide: TrainingRunRepository,
      // PG_POOL comes from the (global) serving module
      inject: [PG_POOL],
      useFactory: (pool: Pool) => new TrainingRunRepository(pool),
    },
    {
      provide: TrainingJobs,
      inject: [TRAINING_REDIS, TrainingRunRepository, GatewayEnv],
      useFactory: (redis: IORedis, runs: TrainingRunRepository, env: GatewayEnv) => {
        const jobs = new TrainingJobs(redis, {
          prefix: env.TRAINING_QUEUE_PREFIX,
          attempts: env.TRAINING_ATTEMPTS,
          backoffMs: env.TRAINING_BACKOFF_MS,
          runs,
        });
        // connection failures are logged (once per change) by the connection itself
        const logger = new Logger('TrainingQueue');
        jobs.queue.on('error', (error: Error) => logger.debug(`Training queue: ${error.message}`));
        return jobs;
      },
    },
    {
      provide: MlTrainingService,
      inject: [TrainingJobs, TrainingRunRepository, TRAINING_REDIS],
      useFactory: (jobs: TrainingJobs, runs: TrainingRunRepository, redis: IORedis) =>
        new MlTrainingService(jobs, runs, redis),
    },
    TrainingQueueResources,
  ],
  exports: [TrainingJobs],
})
export class TrainingModule {}
