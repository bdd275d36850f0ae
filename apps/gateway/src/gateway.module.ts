import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GatewayEnv } from './gateway.env';
import { HealthController } from './health/health.controller';
import { HttpExceptionFilter } from './http-exception.filter';
import { metricsRegistryProvider } from './metrics.provider';

@Module({})
export class GatewayModule {
  /** The gateway wired for `env`, injectable everywhere as `GatewayEnv`. */
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: GatewayEnv, useValue: env },
        metricsRegistryProvider,
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [GatewayEnv],
    };
  }
}
