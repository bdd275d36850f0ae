import type { Candle } from '@crypto/candles';
import { loadEnv } from '@crypto/config';
import { QualityReportRepository } from '@crypto/market-data';
import { SMOKE_MODEL_CONFIG } from '@crypto/model';
import { CandleRepository, type TestObjectStorage } from '@crypto/storage';
import { TrainingDataStore } from '../pipeline/training-data.store';
import { TrainingEnv } from '../training.env';
import { connectTrainingPipeline } from '../training.runtime';

/**
 * For integration tests and benchmarks: stores `candles` as BTC/USDT 1h on binance, trains the smoke
 * configuration on the latest 2,500 of them through the real pipeline (MLflow, MinIO `storage`) and promotes
 * the first version of `modelName` to champion. Returns the version.
 */
export async function promoteSmokeChampion(options: {
  databaseUrl: string;
  pool: ConstructorParameters<typeof CandleRepository>[0];
  storage: TestObjectStorage;
  modelName: string;
  candles: readonly Candle[];
}): Promise<string> {
  const { databaseUrl, pool, storage, modelName, candles } = options;
  await new CandleRepository(pool).upsert(
    { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
    candles.map((c) => ({ ...c, isFinal: true })),
  );
  const runtime = await connectTrainingPipeline(
    loadEnv(TrainingEnv, {
      ...process.env,
      DATABASE_URL: databaseUrl,
      MODEL_NAME: modelName,
      MLFLOW_EXPERIMENT_NAME: modelName,
      TRAINING_REFRESH_CANDLES: 'false',
    }),
    {
      data: new TrainingDataStore(storage.storage, { raw: storage.bucket, processed: storage.bucket }),
      qualityReports: new QualityReportRepository(storage.storage, storage.bucket),
      settings: {
        experimentName: modelName,
        modelName,
        requireHar: false,
        codeVersion: 'test',
        modelDefaults: SMOKE_MODEL_CONFIG,
      },
    },
  );
  try {
    const state = await runtime.pipeline.run({
      symbol: 'BTC/USDT',
      exchange: 'binance',
      timeframe: '1h',
      limit: 2_500,
      trigger: 'test',
    });
    if (!state.decision?.promote || !state.version) {
      throw new Error(`the smoke model of ${modelName} was not promoted: ${JSON.stringify(state.decision)}`);
    }
    return state.version;
  } finally {
    await runtime.close();
  }
}
