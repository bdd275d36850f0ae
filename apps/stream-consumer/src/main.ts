import 'reflect-metadata';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv } from '@crypto/market-data';
import { runAppProcess, startAppProcess, type AppProcess } from '@crypto/observability';
import { ServingModel } from '@crypto/registry';
import { PriceStreamConsumer } from './price-stream.consumer';
import { CONSUMER_METRICS_REGISTRY, StreamConsumerModule } from './stream-consumer.module';
import { StreamConsumerEnv } from './stream-consumer.env';

/** The stream consumer as `main.ts` runs it; tests start it with their own settings. */
export function startStreamConsumer(
  env: StreamConsumerEnv = loadEnv(StreamConsumerEnv),
  marketData: MarketDataEnv = loadEnv(MarketDataEnv),
  options: { logger?: false } = {},
): Promise<AppProcess> {
  return startAppProcess({
    app: 'stream-consumer',
    env,
    module: StreamConsumerModule.forRoot({ env, marketData }),
    registry: (app) => app.get(CONSUMER_METRICS_REGISTRY),
    health: (app) => {
      const consumer = app.get(PriceStreamConsumer);
      const failure = consumer.lastFailure;
      return {
        status: failure ? 'degraded' : 'ok',
        partitions: consumer.partitions,
        lag: consumer.partitions.reduce((sum, p) => sum + p.lag, 0),
        model_version: app.get(ServingModel).info?.model_version ?? null,
        error: failure,
      };
    },
    ...options,
  });
}

if (require.main === module) runAppProcess(() => startStreamConsumer());
