import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ChampionModelSource } from '@crypto/serving';
import { GatewayMetrics, type MetricsCounters } from './gateway-metrics';
import { MODEL_STATUS } from './observability.tokens';

/** SPEC §8 `GET /metrics`: Prometheus text, or the JSON counters with `Accept: application/json`. */
@Controller()
export class MetricsController {
  constructor(
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
    @Inject(MODEL_STATUS) private readonly model: ChampionModelSource,
  ) {}

  @Get('metrics')
  async metricsPage(
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | MetricsCounters> {
    const info = this.model.info;
    this.metrics.modelServed(info?.model_version);
    if (accept?.includes('application/json')) return this.metrics.counters(info !== undefined);
    void reply.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
