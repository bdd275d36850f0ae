import 'reflect-metadata';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv, type ExchangeAccess } from '@crypto/market-data';
import type { LatestPriceFeed } from '@crypto/messaging';
import { runAppProcess, startAppProcess } from '@crypto/observability';
import { EXCHANGE_ACCESS } from '@crypto/serving';
import { CryptoGrpcServer } from './crypto-grpc.server';
import { CryptoGrpcService, LIVE_PRICE_FEED } from './crypto/crypto-grpc.service';
import { GrpcHealth } from './grpc-health';
import { GRPC_METRICS_REGISTRY, GrpcServerModule } from './grpc-server.module';
import { GrpcServerEnv } from './grpc-server.env';

runAppProcess(() => {
  const env = loadEnv(GrpcServerEnv);
  return startAppProcess({
    app: 'grpc-server',
    env,
    module: GrpcServerModule.forRoot({
      env,
      marketData: loadEnv(MarketDataEnv),
      version: process.env.npm_package_version ?? '0.1.0',
    }),
    registry: (app) => app.get(GRPC_METRICS_REGISTRY),
    health: (app) => {
      const health = app.get(GrpcHealth);
      const feed = app.get<LatestPriceFeed>(LIVE_PRICE_FEED);
      const { mode, decidedBy, reason } = app.get<ExchangeAccess>(EXCHANGE_ACCESS).resolution;
      return {
        status: health.status === 'SERVING' ? 'ok' : 'degraded',
        grpc: {
          port: app.get(CryptoGrpcServer).port,
          health: health.status,
          problem: health.problem || undefined,
        },
        streams: app.get(CryptoGrpcService).activeStreams,
        price_feed: { status: feed.status, error: feed.lastError },
        // MARKET_DATA_MODE as resolved at boot (`auto`: by a probe of the exchange)
        market_data: { mode, decided_by: decidedBy, reason },
      };
    },
  });
});
