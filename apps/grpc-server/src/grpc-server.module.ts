import {
  type DynamicModule,
  Logger,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { MarketDataEnv } from '@crypto/market-data';
import { createKafka, LatestPriceFeed } from '@crypto/messaging';
import { PG_POOL, ServingModule } from '@crypto/serving';
import { CandleRepository } from '@crypto/storage';
import { createMetricsRegistry, type SqlQueryable } from '@crypto/observability';
import { CryptoGrpcServer } from './crypto-grpc.server';
import { CryptoGrpcService, LIVE_PRICE_FEED, SERVER_VERSION } from './crypto/crypto-grpc.service';
import { GrpcHealth } from './grpc-health';
import { GrpcMetrics } from './grpc-metrics';
import { GrpcServerEnv } from './grpc-server.env';
import { SymbolVolatility } from './streaming/symbol-volatility';

export const GRPC_METRICS_REGISTRY = Symbol('GRPC_METRICS_REGISTRY');

/** Reads the live ticks from boot to shutdown; a Kafka that is away delays the streams' ticks, never the boot. */
@Injectable()
class PriceFeedLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PriceFeed');

  constructor(@Inject(LIVE_PRICE_FEED) private readonly feed: LatestPriceFeed) {}

  onApplicationBootstrap(): void {
    // not awaited: the feed retries by itself; its status is on the ops /health
    this.feed
      .start()
      .catch((error: unknown) =>
        this.logger.warn(`Live prices not flowing yet: ${(error as Error).message}`),
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.stop();
  }
}

export interface GrpcServerModuleOptions {
  env: GrpcServerEnv;
  marketData: MarketDataEnv;
  /** what HealthCheck reports */
  version: string;
}

/**
 * The gRPC server: the shared serving composition ({@link ServingModule}) under the CryptoService transport,
 * the live price feed StreamPrices fans out, the standard health service and the metrics of the ops port.
 */
@Module({})
export class GrpcServerModule {
  static forRoot({ env, marketData, version }: GrpcServerModuleOptions): DynamicModule {
    const registry = createMetricsRegistry('grpc-server');
    return {
      module: GrpcServerModule,
      imports: [ServingModule.forRoot({ settings: env, marketData, registry, app: 'grpc-server' })],
      providers: [
        { provide: GrpcServerEnv, useValue: env },
        { provide: GRPC_METRICS_REGISTRY, useValue: registry },
        { provide: SERVER_VERSION, useValue: version },
        { provide: GrpcMetrics, useFactory: () => new GrpcMetrics(registry) },
        {
          provide: LIVE_PRICE_FEED,
          useFactory: () =>
            new LatestPriceFeed(createKafka(env, `${env.KAFKA_CLIENT_ID}-grpc-server`), {
              topic: env.STREAM_PRICES_TOPIC,
              groupPrefix: 'grpc-server-prices',
            }),
        },
        {
          provide: SymbolVolatility,
          inject: [CandleRepository],
          useFactory: (candles: CandleRepository) =>
            new SymbolVolatility(candles, {
              exchange: env.STREAM_EXCHANGE,
              timeframe: env.STREAM_TIMEFRAME,
              refreshMs: 60_000,
            }),
        },
        {
          provide: GrpcHealth,
          inject: [PG_POOL],
          useFactory: (pool: SqlQueryable) =>
            new GrpcHealth(pool, { intervalMs: env.GRPC_HEALTH_PROBE_INTERVAL_MS }),
        },
        PriceFeedLifecycle,
        CryptoGrpcService,
        CryptoGrpcServer,
      ],
      exports: [CryptoGrpcServer, CryptoGrpcService, GrpcHealth, GRPC_METRICS_REGISTRY],
    };
  }
}
