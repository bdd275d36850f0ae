import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Registry } from 'prom-client';
import {
  CandleIngestionService,
  connectExchanges,
  QualityReportRepository,
  type ExchangeAccess,
  type MarketDataEnv,
} from '@crypto/market-data';
import { createRedisSubscriber } from '@crypto/messaging';
import { initBackend } from '@crypto/model';
import { ChampionModelLoader, MlflowClient, ServingModel } from '@crypto/registry';
import {
  AlertRepository,
  CandleRepository,
  createPgPool,
  ForecastMonitoringRepository,
  MlPredictionRepository,
  ObjectStorage,
  SignalRepository,
} from '@crypto/storage';
import { AlertService } from '../alerts/alert.service';
import { ChampionSync } from '../champion/champion-sync';
import { RedisModelEventSubscriber } from '../champion/model-events.subscriber';
import { IndicatorService } from '../indicators/indicator.service';
import { MarketSeriesService } from '../market/market-series.service';
import { MarketCandleService } from '../market/market-candle.service';
import { TimedExchangeDirectory } from '../market/timed-exchange.directory';
import type { ChampionModelSource } from '../ml/champion-model-source';
import { MlSignalService } from '../ml/ml-signal.service';
import { BaselineFallback } from '../ml/baseline-fallback';
import { ModelStatusService } from '../ml/model-status.service';
import { SignalComparisonService } from '../ml/signal-comparison.service';
import { HeuristicSignalService } from '../signals/heuristic-signal.service';
import { PrometheusServingMetrics } from './prometheus-serving-metrics';
import type { ServingSettings } from './serving.env';
import { CHAMPION_MODEL, EXCHANGE_ACCESS, PG_POOL, SERVING_SETTINGS } from './serving.tokens';

type Pool = ReturnType<typeof createPgPool>;

export interface ServingModuleOptions {
  /** the app's environment (a class built with `WithServingEnv`) */
  settings: ServingSettings;
  /** exchanges or the offline emulator */
  marketData: MarketDataEnv;
  /** the app's Prometheus registry: the serving metrics are registered on it */
  registry: Registry;
  /** the app's name, for its connections (`<app>-model-events` in Redis `CLIENT LIST`) */
  app: string;
}

/**
 * Loads the champion after boot, follows promotions, and at shutdown closes, in order: the champion sync and
 * its subscription, the model (disposed once the requests still using it end), the signal writers (queued
 * rows committed first), then the pool and the exchange clients.
 */
@Injectable()
class ServingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Serving');

  constructor(
    @Inject(ServingModel) private readonly champion: ServingModel,
    @Inject(ChampionSync) private readonly sync: ChampionSync,
    @Inject(RedisModelEventSubscriber) private readonly events: RedisModelEventSubscriber,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EXCHANGE_ACCESS) private readonly exchanges: ExchangeAccess,
    @Inject(SignalRepository) private readonly signals: SignalRepository,
    @Inject(MlPredictionRepository) private readonly predictions: MlPredictionRepository,
  ) {}

  onApplicationBootstrap(): void {
    // neither waits: the app serves everything else while MLflow or Redis is away
    this.events
      .subscribe({
        event: (event) => void this.sync.onEvent(event),
        reconnected: () => void this.sync.sync('Redis reconnected: model events may have been missed'),
      })
      .catch((error: unknown) => this.logger.warn(`No model events: ${(error as Error).message}`));
    void this.sync.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.sync.stop();
    this.events.close();
    this.champion.close();
    await Promise.all([this.signals.close(), this.predictions.close()]);
    await Promise.all([this.pool.end(), this.exchanges.close()]);
    this.logger.log('Signal writers drained, PostgreSQL pool and exchange clients closed');
  }
}

/**
 * The serving composition every serving app imports (gateway, gRPC server, stream consumer): the use cases of
 * this library as Nest providers on the PostgreSQL pool, the ccxt clients (or the offline emulator), the
 * candle, signal, prediction, alert and forecast-monitoring repositories, and the champion (SPEC §7–8) — the registry's
 * {@link ServingModel} for MODEL_NAME @ MODEL_ALIAS, kept on the alias by {@link ChampionSync} (Redis
 * `model-events`, reconnections, a periodic check). Nothing here connects or waits at start-up: a dependency
 * that is down fails the requests that need it, never the boot; with no champion the ML use cases throw
 * `ModelUnavailableError` until a load succeeds.
 */
@Module({})
export class ServingModule {
  static forRoot({ settings, marketData, registry, app }: ServingModuleOptions): DynamicModule {
    const groupCommit = {
      maxRows: settings.SIGNAL_WRITE_MAX_ROWS,
      lingerMs: settings.SIGNAL_WRITE_LINGER_MS,
    };
    return {
      module: ServingModule,
      global: true,
      providers: [
        { provide: SERVING_SETTINGS, useValue: settings },
        {
          provide: PG_POOL,
          useFactory: () => createPgPool(settings.DATABASE_URL, { max: settings.DATABASE_POOL_MAX }),
        },
        { provide: EXCHANGE_ACCESS, useFactory: () => connectExchanges(marketData) },
        {
          provide: ServingModel,
          useFactory: () =>
            new ServingModel(
              new ChampionModelLoader(new MlflowClient(settings.MLFLOW_TRACKING_URI), settings.MODEL_NAME),
              { alias: settings.MODEL_ALIAS },
            ),
        },
        { provide: CHAMPION_MODEL, useExisting: ServingModel },
        {
          provide: PrometheusServingMetrics,
          inject: [CHAMPION_MODEL],
          useFactory: (champion: ChampionModelSource) => new PrometheusServingMetrics(registry, champion),
        },
        {
          provide: ChampionSync,
          inject: [ServingModel],
          useFactory: (champion: ServingModel) =>
            new ChampionSync(champion, {
              modelName: settings.MODEL_NAME,
              retryMinMs: settings.MODEL_RETRY_MIN_MS,
              retryMaxMs: Math.max(settings.MODEL_RETRY_MIN_MS, settings.MODEL_RETRY_MAX_MS),
              checkIntervalMs: settings.MODEL_CHECK_INTERVAL_S * 1000,
              prepare: () => initBackend(settings.MODEL_BACKEND),
            }),
        },
        {
          provide: RedisModelEventSubscriber,
          useFactory: () =>
            new RedisModelEventSubscriber(createRedisSubscriber(settings.REDIS_URL, `${app}-model-events`)),
        },
        {
          provide: CandleRepository,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new CandleRepository(pool),
        },
        {
          provide: SignalRepository,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new SignalRepository(pool, groupCommit),
        },
        {
          provide: MlPredictionRepository,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new MlPredictionRepository(pool, groupCommit),
        },
        {
          provide: AlertRepository,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new AlertRepository(pool),
        },
        {
          provide: ForecastMonitoringRepository,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new ForecastMonitoringRepository(pool),
        },
        {
          provide: TimedExchangeDirectory,
          inject: [EXCHANGE_ACCESS, PrometheusServingMetrics],
          useFactory: (access: ExchangeAccess, metrics: PrometheusServingMetrics) =>
            new TimedExchangeDirectory(access.exchanges, metrics),
        },
        {
          provide: CandleIngestionService,
          inject: [TimedExchangeDirectory, CandleRepository],
          useFactory: (exchanges: TimedExchangeDirectory, candles: CandleRepository) =>
            new CandleIngestionService(
              exchanges,
              candles,
              new QualityReportRepository(ObjectStorage.fromEnv(settings), settings.QUALITY_REPORTS_BUCKET),
            ),
        },
        {
          provide: MarketCandleService,
          inject: [
            TimedExchangeDirectory,
            CandleRepository,
            CandleIngestionService,
            PrometheusServingMetrics,
          ],
          useFactory: (
            exchanges: TimedExchangeDirectory,
            candles: CandleRepository,
            ingestion: CandleIngestionService,
            metrics: PrometheusServingMetrics,
          ) =>
            new MarketCandleService(exchanges, candles, ingestion, {
              metrics,
              staleMaxMs: settings.CANDLE_STALE_MAX_S * 1000,
            }),
        },
        {
          provide: HeuristicSignalService,
          inject: [MarketCandleService, SignalRepository, PrometheusServingMetrics],
          useFactory: (
            candles: MarketCandleService,
            signals: SignalRepository,
            metrics: PrometheusServingMetrics,
          ) => new HeuristicSignalService(candles, signals, { metrics }),
        },
        {
          provide: IndicatorService,
          inject: [MarketCandleService],
          useFactory: (candles: MarketCandleService) => new IndicatorService(candles),
        },
        { provide: BaselineFallback, useFactory: () => new BaselineFallback() },
        {
          provide: MlSignalService,
          inject: [
            MarketCandleService,
            HeuristicSignalService,
            CHAMPION_MODEL,
            MlPredictionRepository,
            PrometheusServingMetrics,
            BaselineFallback,
          ],
          useFactory: (
            candles: MarketCandleService,
            heuristics: HeuristicSignalService,
            champion: ChampionModelSource,
            predictions: MlPredictionRepository,
            metrics: PrometheusServingMetrics,
            fallback: BaselineFallback,
          ) => new MlSignalService(candles, heuristics, champion, predictions, { metrics, fallback }),
        },
        {
          provide: SignalComparisonService,
          inject: [MlSignalService],
          useFactory: (ml: MlSignalService) => new SignalComparisonService(ml),
        },
        {
          provide: AlertService,
          inject: [AlertRepository],
          useFactory: (alerts: AlertRepository) => new AlertService(alerts),
        },
        {
          provide: MarketSeriesService,
          inject: [MarketCandleService, MlPredictionRepository, CHAMPION_MODEL],
          useFactory: (
            candles: MarketCandleService,
            predictions: MlPredictionRepository,
            champion: ChampionModelSource,
          ) => new MarketSeriesService(candles, predictions, champion),
        },
        {
          provide: ModelStatusService,
          inject: [CHAMPION_MODEL],
          useFactory: (champion: ChampionModelSource) => new ModelStatusService(champion),
        },
        ServingLifecycle,
      ],
      exports: [
        SERVING_SETTINGS,
        PG_POOL,
        EXCHANGE_ACCESS,
        CHAMPION_MODEL,
        ServingModel,
        ChampionSync,
        PrometheusServingMetrics,
        CandleRepository,
        AlertRepository,
        ForecastMonitoringRepository,
        MarketCandleService,
        HeuristicSignalService,
        IndicatorService,
        MarketSeriesService,
        BaselineFallback,
        MlSignalService,
        SignalComparisonService,
        ModelStatusService,
        AlertService,
      ],
    };
  }
}
