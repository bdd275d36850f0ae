import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CHAMPION_MODEL, type ChampionModelSource } from '@crypto/serving';
import { GatewayMetrics, type MetricsCounters } from './gateway-metrics';

/** SPEC §8 `GET /metrics`: Prometheus text, or the JSON counters with `Accept: application/json`. */
@Controller()
export class MetricsController {
  constructor(
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
    @Inject(CHAMPION_MODEL) private readonly champion: ChampionModelSource,
  ) {}

  @Get('metrics')
  async metricsPage(
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | MetricsCounters> {
    if (accept?.includes('application/json')) return this.metrics.counters(this.champion.info !== undefined);
    void reply.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
