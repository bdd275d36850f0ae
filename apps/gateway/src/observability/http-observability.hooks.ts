import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from './gateway-metrics';
import { UNMATCHED_ROUTE } from './gateway-logger';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Per request: echo the request id, then, once answered, one histogram observation labelled with the route
 * pattern (bounded label values) and status. The log line is {@link GatewayLogController}'s.
 */
export function registerHttpObservability(fastify: FastifyInstance, metrics: GatewayMetrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(
      request.method,
      request.routeOptions.url ?? UNMATCHED_ROUTE,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
