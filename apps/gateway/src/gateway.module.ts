import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv } from '@crypto/market-data';
import { createMetricsRegistry } from '@crypto/observability';
import { ServingModule } from '@crypto/serving';
import { GatewayEnv } from './gateway.env';
import { GatewayGraphqlModule } from './graphql/graphql.module';
import { HealthController } from './health/health.controller';
import { HttpExceptionFilter } from './http-exception.filter';
import { KafkaInspectionModule } from './kafka/kafka-inspection.module';
import { METRICS_REGISTRY } from './metrics.provider';
import { ObservabilityModule } from './observability/observability.module';
import { ForecastMonitoringModule } from './monitoring/forecast-monitoring.module';
import { PlatformModule } from './platform/platform.module';
import { ReportsModule } from './reports/reports.module';
import { SecurityModule } from './security/security.module';
import { RestApiModule } from './serving/rest-api.module';
import { TrainingModule } from './training/training.module';

@Module({})
export class GatewayModule {
  /**
   * The gateway wired for `env`, injectable everywhere as `GatewayEnv`; market data (exchanges or the
   * offline emulator) as `marketData` says.
   */
  static forRoot(env: GatewayEnv, marketData: MarketDataEnv = loadEnv(MarketDataEnv)): DynamicModule {
    const registry = createMetricsRegistry('gateway');
    return {
      module: GatewayModule,
      global: true,
      imports: [
        SecurityModule,
        ObservabilityModule,
        ServingModule.forRoot({ settings: env, marketData, registry, app: 'gateway' }),
        RestApiModule,
        GatewayGraphqlModule,
        TrainingModule,
        KafkaInspectionModule,
        PlatformModule,
        ForecastMonitoringModule,
        ReportsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: GatewayEnv, useValue: env },
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [GatewayEnv, METRICS_REGISTRY],
    };
  }
}
