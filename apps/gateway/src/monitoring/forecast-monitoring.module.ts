import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type IORedis from 'ioredis';
import { Gauge, type Registry } from 'prom-client';
import { createKafka, TopicPublisher } from '@crypto/messaging';
import { ServingModel } from '@crypto/registry';
import { BaselineFallback, LiveForecastMonitor } from '@crypto/serving';
import {
  AlertRepository,
  CandleRepository,
  ForecastMonitoringRepository,
  type ForecastMonitoringSnapshot,
} from '@crypto/storage';
import { ChampionRollback } from '@crypto/training';
import { GatewayEnv } from '../gateway.env';
import { METRICS_REGISTRY } from '../metrics.provider';
import { GATEWAY_REDIS } from '../security/gateway-redis.provider';
import { SecurityModule } from '../security/security.module';
import { TrainingModule } from '../training/training.module';
import { AutoRollback } from './auto-rollback';
import { MlMonitoringController } from './ml-monitoring.controller';
import { ModelDegradedAlerts } from './model-degraded-alerts';
import { parseMonitoredMarkets, parseWindowsDays } from './monitoring-settings';

/** `ml_live_*{model_version, forecaster, window_days, symbol, timeframe}`: the latest snapshot of each. */
function liveGauges(registry: Registry): (s: Omit<ForecastMonitoringSnapshot, 'computed_at'>) => void {
  const labelNames = ['model_version', 'forecaster', 'window_days', 'symbol', 'timeframe'] as const;
  const qlike = new Gauge({
    name: 'ml_live_qlike',
    help: 'QLIKE on live data over the rolling window (model and baselines at the same origins)',
    labelNames,
    registers: [registry],
  });
  const rmse = new Gauge({
    name: 'ml_live_rmse',
    help: 'RMSE on live data over the rolling window',
    labelNames,
    registers: [registry],
  });
  const origins = new Gauge({
    name: 'ml_live_origins',
    help: 'forecast origins scored in the rolling window',
    labelNames: ['model_version', 'window_days', 'symbol', 'timeframe'] as const,
    registers: [registry],
  });
  return (s) => {
    const common = {
      model_version: s.model_version,
      window_days: s.window_days,
      symbol: s.symbol,
      timeframe: s.timeframe,
    };
    for (const forecaster of ['model', 'har', 'ewma', 'persistence'] as const) {
      qlike.set({ ...common, forecaster }, s[forecaster].qlike);
      rmse.set({ ...common, forecaster }, s[forecaster].rmse);
    }
    origins.set(common, s.origins);
  };
}

@Injectable()
class MonitorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(LiveForecastMonitor) private readonly monitor: LiveForecastMonitor,
    @Inject(TopicPublisher) private readonly publisher: TopicPublisher,
    @Inject(GatewayEnv) private readonly env: GatewayEnv,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.MONITOR_INTERVAL_S > 0) this.monitor.start(this.env.MONITOR_INTERVAL_S * 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.monitor.stop();
    await this.publisher.close();
  }
}

/**
 * Live forecast monitoring (issue 14): `LiveForecastMonitor` every MONITOR_INTERVAL_S on the champion this
 * gateway serves, its `ml_live_*` gauges on `/metrics`, `GET /v1/ml/monitoring`. A degraded champion raises
 * `model_degraded` (stored, on Kafka `alerts` and on the Redis channel the dashboard and GraphQL follow) and, with
 * AUTO_ROLLBACK=true, is rolled back (or, with no earlier champion, HAR-RV answers for it). Every replica may run it: snapshots are upserts, alerts unique per day.
 */
@Module({
  imports: [SecurityModule, TrainingModule],
  controllers: [MlMonitoringController],
  providers: [
    {
      provide: TopicPublisher,
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) =>
        new TopicPublisher(createKafka(env, `${env.KAFKA_CLIENT_ID}-monitoring`)),
    },
    {
      provide: LiveForecastMonitor,
      inject: [
        GatewayEnv,
        ServingModel,
        CandleRepository,
        ForecastMonitoringRepository,
        AlertRepository,
        TopicPublisher,
        GATEWAY_REDIS,
        METRICS_REGISTRY,
        ChampionRollback,
        BaselineFallback,
      ],
      useFactory: (
        env: GatewayEnv,
        champion: ServingModel,
        candles: CandleRepository,
        store: ForecastMonitoringRepository,
        alertStore: AlertRepository,
        kafka: TopicPublisher,
        redis: IORedis,
        registry: Registry,
        rollback: ChampionRollback,
        fallback: BaselineFallback,
      ) => {
        const alerts = new ModelDegradedAlerts(alertStore, kafka, redis);
        const autoRollback = env.AUTO_ROLLBACK === 'true' ? new AutoRollback(rollback, fallback) : undefined;
        return new LiveForecastMonitor(
          {
            champion,
            candles,
            store,
            raiseAlert: (alert) => alerts.raise(alert),
            observe: liveGauges(registry),
            onDegraded: autoRollback && ((info, why) => autoRollback.respond(info, why)),
          },
          {
            markets: parseMonitoredMarkets(env.MONITOR_MARKETS),
            windowsDays: parseWindowsDays(env.MONITOR_WINDOWS_DAYS),
            degradedMargin: env.MONITOR_DEGRADED_MARGIN,
            minOrigins: env.MONITOR_MIN_ORIGINS,
          },
        );
      },
    },
    MonitorLifecycle,
  ],
})
export class ForecastMonitoringModule {}
