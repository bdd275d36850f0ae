import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  CandleIngestionService,
  connectExchanges,
  QualityReportRepository,
  type ExchangeAccess,
  type MarketDataEnv,
} from '@crypto/market-data';
import {
  HeuristicSignalService,
  IndicatorService,
  MarketCandleService,
  MlSignalService,
  ModelStatusService,
  SignalComparisonService,
  TimedExchangeDirectory,
  type ChampionModelSource,
} from '@crypto/serving';
import {
  CandleRepository,
  createPgPool,
  MlPredictionRepository,
  ObjectStorage,
  SignalRepository,
} from '@crypto/storage';
import { GatewayEnv } from '../gateway.env';
import { GatewayMetrics } from '../observability/gateway-metrics';
import { MODEL_STATUS } from '../observability/observability.tokens';
import { ObservabilityModule } from '../observability/observability.module';
import { EXCHANGE_ACCESS, PG_POOL } from './serving.tokens';

type Pool = ReturnType<typeof createPgPool>;

/** Closes what the serving providers hold, in order: queued rows committed first, then the pool. */
@Injectable()
class ServingResources implements OnApplicationShutdown {
  private readonly logger = new Logger('ServingResources');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EXCHANGE_ACCESS) private readonly exchanges: ExchangeAccess,
    private readonly signals: SignalRepository,
    private readonly predictions: MlPredictionRepository,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.signals.close(), this.predictions.close()]);
    await Promise.all([this.pool.end(), this.exchanges.close()]);
    this.logger.log('Signal writers drained, PostgreSQL pool and exchange clients closed');
  }
}

/**
 * The serving use cases of `@crypto/serving` as Nest providers (REST controllers and GraphQL resolvers
 * inject the same instances), with what they run on: the PostgreSQL pool, the ccxt clients (or the offline
 * emulator), the candle, signal and prediction repositories. Nothing here connects at start-up: a
 * dependency that is down fails the requests that need it (503 / 502), never the boot.
 */
@Module({})
export class ServingModule {
  static forRoot(marketData: MarketDataEnv): DynamicModule {
    return {
      module: ServingModule,
      global: true,
      imports: [ObservabilityModule],
      providers: [
        {
          provide: PG_POOL,
          inject: [GatewayEnv],
          useFactory: (env: GatewayEnv) => createPgPool(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX }),
        },
        { provide: EXCHANGE_ACCESS, useFactory: () => connectExchanges(marketData) },
        {
          provide: CandleRepository,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new CandleRepository(pool),
        },
        {
          provide: SignalRepository,
          inject: [PG_POOL, GatewayEnv],
          useFactory: (pool: Pool, env: GatewayEnv) => new SignalRepository(pool, groupCommit(env)),
        },
        {
          provide: MlPredictionRepository,
          inject: [PG_POOL, GatewayEnv],
          useFactory: (pool: Pool, env: GatewayEnv) => new MlPredictionRepository(pool, groupCommit(env)),
        },
        {
          provide: TimedExchangeDirectory,
          inject: [EXCHANGE_ACCESS, GatewayMetrics],
          useFactory: (access: ExchangeAccess, metrics: GatewayMetrics) =>
            new TimedExchangeDirectory(access.exchanges, metrics),
        },
        {
          provide: CandleIngestionService,
          inject: [TimedExchangeDirectory, CandleRepository, GatewayEnv],
          useFactory: (exchanges: TimedExchangeDirectory, candles: CandleRepository, env: GatewayEnv) =>
            new CandleIngestionService(
              exchanges,
              candles,
              new QualityReportRepository(ObjectStorage.fromEnv(env), env.QUALITY_REPORTS_BUCKET),
            ),
        },
        {
          provide: MarketCandleService,
          inject: [
            TimedExchangeDirectory,
            CandleRepository,
            CandleIngestionService,
            GatewayMetrics,
            GatewayEnv,
          ],
          useFactory: (
            exchanges: TimedExchangeDirectory,
            candles: CandleRepository,
            ingestion: CandleIngestionService,
            metrics: GatewayMetrics,
            env: GatewayEnv,
          ) =>
            new MarketCandleService(exchanges, candles, ingestion, {
              metrics,
              staleMaxMs: env.CANDLE_STALE_MAX_S * 1000,
            }),
        },
        {
          provide: HeuristicSignalService,
          inject: [MarketCandleService, SignalRepository, GatewayMetrics],
          useFactory: (candles: MarketCandleService, signals: SignalRepository, metrics: GatewayMetrics) =>
            new HeuristicSignalService(candles, signals, { metrics }),
        },
        {
          provide: IndicatorService,
          inject: [MarketCandleService],
          useFactory: (candles: MarketCandleService) => new IndicatorService(candles),
        },
        {
          provide: MlSignalService,
          inject: [
            MarketCandleService,
            HeuristicSignalService,
            MODEL_STATUS,
            MlPredictionRepository,
            GatewayMetrics,
          ],
          useFactory: (
            candles: MarketCandleService,
            heuristics: HeuristicSignalService,
            models: ChampionModelSource,
            predictions: MlPredictionRepository,
            metrics: GatewayMetrics,
          ) => new MlSignalService(candles, heuristics, models, predictions, { metrics }),
        },
        {
          provide: SignalComparisonService,
          inject: [MlSignalService],
          useFactory: (ml: MlSignalService) => new SignalComparisonService(ml),
        },
        {
          provide: ModelStatusService,
          inject: [MODEL_STATUS],
          useFactory: (models: ChampionModelSource) => new ModelStatusService(models),
        },
        ServingResources,
      ],
      exports: [
        PG_POOL,
        EXCHANGE_ACCESS,
        MarketCandleService,
        HeuristicSignalService,
        IndicatorService,
        MlSignalService,
        SignalComparisonService,
        ModelStatusService,
      ],
    };
  }
}

function groupCommit(env: GatewayEnv) {
  return { maxRows: env.SIGNAL_WRITE_MAX_ROWS, lingerMs: env.SIGNAL_WRITE_LINGER_MS };
}
