import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { createPgPool, TrainingRunRepository } from '@crypto/storage';
import {
  ChampionRollback,
  connectChampionRollback,
  TrainingJobs,
  type ChampionRollbackRuntime,
} from '@crypto/training';
import { closeRedis, createRedisClient } from '@crypto/messaging';
import { PG_POOL } from '@crypto/serving';
import { GatewayEnv } from '../gateway.env';
import { MlRollbackController } from './ml-rollback.controller';
import { MlTrainingController } from './ml-training.controller';
import { MlTrainingService } from './ml-training.service';

/** The Redis connection of the training queue (BullMQ commands fail at once while Redis is away). */
export const TRAINING_REDIS = Symbol('TRAINING_REDIS');
/** The rollback on MLflow, a Kafka producer of its own and the training Redis connection (for the notice). */
const ROLLBACK_RUNTIME = Symbol('ROLLBACK_RUNTIME');

type Pool = ReturnType<typeof createPgPool>;

@Injectable()
class TrainingQueueResources implements OnApplicationShutdown {
  constructor(
    @Inject(TrainingJobs) private readonly jobs: TrainingJobs,
    @Inject(TRAINING_REDIS) private readonly redis: IORedis,
    @Inject(ROLLBACK_RUNTIME) private readonly rollback: ChampionRollbackRuntime,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
    await this.rollback.close();
    await closeRedis(this.redis);
  }
}

/**
 * SPEC §8 `POST /v1/ml/train`, `GET /v1/ml/train/:job_id`, `GET /v1/ml/runs`: flows are queued on the
 * trainer's BullMQ queue (TRAINING_QUEUE_PREFIX) and run by the trainer's worker, never in the gateway.
 * `POST /v1/ml/model/rollback` moves the champion alias back here (`ChampionRollback`, no queue).
 * `TrainingJobs` is exported for Bull Board.
 */
@Module({
  controllers: [MlTrainingController, MlRollbackController],
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
    {
      provide: ROLLBACK_RUNTIME,
      inject: [GatewayEnv, TRAINING_REDIS, TrainingRunRepository],
      useFactory: (env: GatewayEnv, redis: IORedis, runs: TrainingRunRepository) =>
        connectChampionRollback(env, { redis, runs, clientId: 'gateway-rollback' }),
    },
    {
      provide: ChampionRollback,
      inject: [ROLLBACK_RUNTIME],
      useFactory: (runtime: ChampionRollbackRuntime) => runtime.rollback,
    },
    TrainingQueueResources,
  ],
  exports: [TrainingJobs, ChampionRollback],
})
export class TrainingModule {}
