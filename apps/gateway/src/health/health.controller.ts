import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../metrics.provider';

@Controller()
export class HealthController {
  constructor(@Inject(METRICS_REGISTRY) private readonly metrics: Registry) {}

  @Get('health')
  health(): { status: 'ok'; ml_available: boolean; timestamp: string } {
    // The model is served from a later milestone; until then ML is reported unavailable, never assumed.
    return { status: 'ok', ml_available: false, timestamp: new Date().toISOString() };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  prometheus(): Promise<string> {
    return this.metrics.metrics();
  }
}
