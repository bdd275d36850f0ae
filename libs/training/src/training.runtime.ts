import { Logger } from '@nestjs/common';
import { Partitioners } from 'kafkajs';
import { loadEnv } from '@crypto/config';
import {
  CandleIngestionService,
  connectExchanges,
  MarketDataEnv,
  QualityReportRepository,
  type ExchangeAccess,
} from '@crypto/market-data';
import { createKafka, createRedisConnection } from '@crypto/messaging';
import { initBackend } from '@crypto/model';
import { codeVersion } from '@crypto/observability';
import { MlflowClient } from '@crypto/registry';
import { CandleRepository, createPgPool, ObjectStorage, TrainingRunRepository } from '@crypto/storage';
import { CsvOrStoredCandleProvider, StoredCandleProvider } from './candles/candle-provider';
import { KafkaRedisModelEventPublisher } from './events/model-event.publisher';
import { TrainingDataStore } from './pipeline/training-data.store';
import { ThreadedModelOps } from './model-thread/threaded-model-ops';
import type { TrainingDeps } from './pipeline/training-deps';
import { TrainingPipeline } from './pipeline/training-pipeline';
import { RedisChampionLock } from './promotion/champion-lock';
import type { TrainingEnv } from './training.env';

export interface TrainingRuntime {
  pipeline: TrainingPipeline;
  runs: TrainingRunRepository;
  mlflow: MlflowClient;
  backend: string;
  close(): Promise<void>;
}

/**
 * Connects the pipeline to the real services of `env` (PostgreSQL, MinIO, MLflow, Kafka, Redis and, with
 * TRAINING_REFRESH_CANDLES, the exchange), picks the TF.js backend (the model threads use it too) and shares
 * the champion lock in Redis with rollbacks. `overrides` replaces parts (tests).
 */
export async function connectTrainingPipeline(
  env: TrainingEnv,
  { marketData, ...overrides }: Partial<TrainingDeps> & { marketData?: MarketDataEnv } = {},
): Promise<TrainingRuntime> {
  const logger = new Logger('TrainingRuntime');
  const backend = await initBackend(env.MODEL_BACKEND);
  const pool = createPgPool(env.DATABASE_URL, { max: 4 });
  const objects = ObjectStorage.fromEnv(env);
  const mlflow = new MlflowClient(env.MLFLOW_TRACKING_URI);
  const runs = new TrainingRunRepository(pool);
  const redis = createRedisConnection(env.REDIS_URL);
  const publisher = new KafkaRedisModelEventPublisher(
    createKafka(env, 'trainer').producer({ createPartitioner: Partitioners.DefaultPartitioner }),
    redis,
  );
  let exchanges: ExchangeAccess | undefined;
  if (env.TRAINING_REFRESH_CANDLES === 'true' && !overrides.candles) {
    exchanges = await connectExchanges(marketData ?? loadEnv(MarketDataEnv));
  }
  const candleRepository = new CandleRepository(pool);
  const qualityReports = new QualityReportRepository(objects);
  const refresher =
    exchanges && new CandleIngestionService(exchanges.exchanges, candleRepository, qualityReports);
  const pipeline = new TrainingPipeline({
    candles: new CsvOrStoredCandleProvider(new StoredCandleProvider(candleRepository, refresher)),
    data: new TrainingDataStore(objects),
    qualityReports,
    runs,
    mlflow,
    events: publisher,
    // TF.js on threads of its own: the event loop stays free to renew the job locks
    model: new ThreadedModelOps(backend),
    championLock: new RedisChampionLock(redis),
    settings: {
      experimentName: env.MLFLOW_EXPERIMENT_NAME,
      modelName: env.MODEL_NAME,
      requireHar: env.PROMOTION_REQUIRE_HAR === 'true',
      codeVersion: codeVersion(env.GIT_SHA),
      modelDefaults: env.TRAINING_EPOCHS ? { epochs: env.TRAINING_EPOCHS } : {},
    },
    ...overrides,
  });
  logger.log(`Training pipeline ready on TF.js backend ${backend} (model ${env.MODEL_NAME})`);
  return {
    pipeline,
    runs,
    mlflow,
    backend,
    close: async () => {
      await Promise.allSettled([publisher.close(), exchanges?.close(), pool.end()]);
      redis.disconnect();
    },
  };
}
