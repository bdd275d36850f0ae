import type IORedis from 'ioredis';
import { Partitioners } from 'kafkajs';
import type { ServicesEnv } from '@crypto/config';
import { closeRedis, createKafka, createRedisClient } from '@crypto/messaging';
import { MlflowClient } from '@crypto/registry';
import { createPgPool, TrainingRunRepository } from '@crypto/storage';
import { KafkaRedisModelEventPublisher } from '../events/model-event.publisher';
import { RedisChampionLock } from './champion-lock';
import { ChampionRollback } from './champion-rollback';

export interface ChampionRollbackRuntime {
  rollback: ChampionRollback;
  /** disconnects the Kafka producer (the Redis connection and the pool are the caller's) */
  close(): Promise<void>;
}

/**
 * The rollback on the real services of `env`: MLflow, a Kafka producer of its own (`<clientId>` in the
 * broker) and the caller's Redis connection (events and the champion lock the trainers hold) and
 * `training_runs` repository.
 */
export function connectChampionRollback(
  env: Pick<ServicesEnv, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID' | 'MLFLOW_TRACKING_URI'> & {
    MODEL_NAME: string;
  },
  deps: {
    redis: Pick<IORedis, 'publish' | 'set' | 'get' | 'eval'>;
    runs: Pick<TrainingRunRepository, 'updateByMlflowRun'>;
    clientId: string;
  },
): ChampionRollbackRuntime {
  const events = new KafkaRedisModelEventPublisher(
    createKafka(env, deps.clientId).producer({ createPartitioner: Partitioners.DefaultPartitioner }),
    deps.redis,
  );
  const rollback = new ChampionRollback({
    registry: new MlflowClient(env.MLFLOW_TRACKING_URI),
    runs: deps.runs,
    events,
    modelName: env.MODEL_NAME,
    championLock: new RedisChampionLock(deps.redis),
  });
  return { rollback, close: () => events.close() };
}

/**
 * The rollback for a process that holds no connections of its own (`pnpm cli rollback`): it opens the Redis
 * connection and the PostgreSQL pool too, and `close()` releases all of them.
 */
export function openChampionRollback(
  env: Parameters<typeof connectChampionRollback>[0] & Pick<ServicesEnv, 'DATABASE_URL' | 'REDIS_URL'>,
  clientId = 'cli-rollback',
): ChampionRollbackRuntime {
  // commands wait for the connection being opened, but fail after one retry when Redis is away: a CLI answers
  const redis = createRedisClient(env.REDIS_URL, clientId, { enableOfflineQueue: true });
  const pool = createPgPool(env.DATABASE_URL, { max: 1 });
  const runtime = connectChampionRollback(env, { redis, runs: new TrainingRunRepository(pool), clientId });
  return {
    rollback: runtime.rollback,
    close: async () => {
      await runtime.close();
      await Promise.all([closeRedis(redis), pool.end()]);
    },
  };
}
