import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController } from './health/health.controller';
import { HttpExceptionFilter } from './http-exception.filter';
import { metricsRegistryProvider } from './metrics.provider';

@Module({
  controllers: [HealthController],
  providers: [metricsRegistryProvider, { provide: APP_FILTER, useClass: HttpExceptionFilter }],
})
export class GatewayModule {}
