import { Module } from '@nestjs/common';
import type IORedis from 'ioredis';
import type { ExchangeAccess } from '@crypto/market-data';
import type { Registry } from 'prom-client';
import type { ChampionModelSource } from '@crypto/serving';
import { GatewayEnv } from '../gateway.env';
import { METRICS_REGISTRY } from '../metrics.provider';
import { ModelServingModule } from '../model-serving/model-serving.module';
import { GATEWAY_REDIS } from '../security/gateway-redis.provider';
import { EXCHANGE_ACCESS, PG_POOL } from '../serving/serving.tokens';
import { SecurityModule } from '../security/security.module';
import type { DependencyProbe } from './dependency-health';
import {
  exchangeProbe,
  httpProbe,
  kafkaProbe,
  modelProbe,
  postgresProbe,
  redisProbe,
  type SqlQueryable,
} from './dependency-probes';
import { GatewayMetrics } from './gateway-metrics';
import { HealthDetailedController } from './health-detailed.controller';
import { MetricsController } from './metrics.controller';
import { DEPENDENCY_PROBES, MODEL_STATUS } from './observability.tokens';

/** `/metrics` (Prometheus text and JSON counters), `/health/detailed`, and the metrics the services report to. */
@Module({
  // MODEL_STATUS: the champion served (ModelServingModule)
  imports: [SecurityModule, ModelServingModule],
  controllers: [MetricsController, HealthDetailedController],
  providers: [
    {
      provide: GatewayMetrics,
      inject: [METRICS_REGISTRY],
      useFactory: (r: Registry) => new GatewayMetrics(r),
    },
    {
      provide: DEPENDENCY_PROBES,
      // PG_POOL and EXCHANGE_ACCESS come from the (global) serving module
      inject: [GatewayEnv, PG_POOL, GATEWAY_REDIS, EXCHANGE_ACCESS, MODEL_STATUS],
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
        httpProbe('mlflow', new URL('/health', env.MLFLOW_TRACKING_URI).toString()),
        exchangeProbe(exchanges),
        modelProbe(model),
      ],
    },
  ],
  exports: [GatewayMetrics, ModelServingModule],
})
export class ObservabilityModule {}
