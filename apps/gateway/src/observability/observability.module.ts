import { Module } from '@nestjs/common';
import type IORedis from 'ioredis';
import type { ExchangeAccess } from '@crypto/market-data';
import type { Registry } from 'prom-client';
import { postgresProbe, type DependencyProbe, type SqlQueryable } from '@crypto/observability';
import {
  CHAMPION_MODEL,
  EXCHANGE_ACCESS,
  PG_POOL,
  PrometheusServingMetrics,
  type ChampionModelSource,
} from '@crypto/serving';
import { GatewayEnv } from '../gateway.env';
import { METRICS_REGISTRY } from '../metrics.provider';
import { GATEWAY_REDIS } from '../security/gateway-redis.provider';
import { SecurityModule } from '../security/security.module';
import {
  exchangeProbe,
  httpProbe,
  kafkaProbe,
  mlflowProbe,
  modelProbe,
  redisProbe,
} from './dependency-probes';
import { GatewayMetrics } from './gateway-metrics';
import { HealthDetailedController } from './health-detailed.controller';
import { MetricsController } from './metrics.controller';
import { DEPENDENCY_PROBES } from './observability.tokens';

/** `/metrics` (Prometheus text and JSON counters), `/health/detailed`, and the metrics the services report to. */
@Module({
  // the serving providers (PG_POOL, EXCHANGE_ACCESS, CHAMPION_MODEL, its metrics) come from the global ServingModule
  imports: [SecurityModule],
  controllers: [MetricsController, HealthDetailedController],
  providers: [
    {
      provide: GatewayMetrics,
      inject: [METRICS_REGISTRY, PrometheusServingMetrics],
      useFactory: (r: Registry, serving: PrometheusServingMetrics) => new GatewayMetrics(r, serving),
    },
    {
      provide: DEPENDENCY_PROBES,
      inject: [GatewayEnv, PG_POOL, GATEWAY_REDIS, EXCHANGE_ACCESS, CHAMPION_MODEL],
      useFactory: (
        env: GatewayEnv,
        pool: SqlQueryable,
        redis: IORedis,
        exchanges: ExchangeAccess,
        model: ChampionModelSource,
      ): DependencyProbe[] => [
        postgresProbe(pool),
        redisProbe(redis),
        kafkaProbe(env),
        httpProbe('minio', new URL('/minio/health/live', env.MINIO_ENDPOINT).toString()),
        mlflowProbe(env.MLFLOW_TRACKING_URI),
        exchangeProbe(exchanges),
        modelProbe(model),
      ],
    },
  ],
  exports: [GatewayMetrics, DEPENDENCY_PROBES],
})
export class ObservabilityModule {}
