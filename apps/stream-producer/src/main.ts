import 'reflect-metadata';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv } from '@crypto/market-data';
import { runAppProcess, startAppProcess, type AppProcess } from '@crypto/observability';
import { MarketFeedPublisher } from './market-feed.publisher';
import { PRODUCER_METRICS_REGISTRY, StreamProducerModule } from './stream-producer.module';
import { StreamProducerEnv } from './stream-producer.env';

/** The stream producer as `main.ts` runs it; tests start it with their own settings. */
export function startStreamProducer(
  env: StreamProducerEnv = loadEnv(StreamProducerEnv),
  marketData: MarketDataEnv = loadEnv(MarketDataEnv),
  options: { logger?: false } = {},
): Promise<AppProcess> {
  return startAppProcess({
    app: 'stream-producer',
    env,
    module: StreamProducerModule.forRoot({ env, marketData }),
    registry: (app) => app.get(PRODUCER_METRICS_REGISTRY),
    health: (app) => {
      const feed = app.get(MarketFeedPublisher);
      const markets = feed.status();
      const retrying = Object.values(markets).some((m) => m.status === 'retrying');
      return { status: retrying ? 'degraded' : 'ok', source: feed.sourceKind, markets };
    },
    ...options,
  });
}

if (require.main === module) runAppProcess(() => startStreamProducer());
