import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import { loadEnv } from '@crypto/config';
import type { MarketDataEnv } from '@crypto/market-data';
import { TrainingJobs } from '@crypto/training';
import { GatewayEnv } from './gateway.env';
import { GatewayModule } from './gateway.module';
import { fastifyErrorHandler, registerMethodNotAllowed } from './http-exception.filter';
import { registerDashboard } from './dashboard/dashboard';
import { registerPlayground } from './graphql/playground';
import { GatewayMetrics } from './observability/gateway-metrics';
import { createGatewayLogger, GatewayLogController, PinoNestLogger } from './observability/gateway-logger';
import { registerHttpObservability } from './observability/http-observability.hooks';
import { requestId } from './observability/request-id';
import { registerOpenApi } from './openapi/openapi';
import { registerHttpProtection } from './security/http-protection';
import { AdminKeys } from './security/admin-keys';
import { RateLimit } from './security/rate-limit';
import { registerBullBoard } from './training/bull-board';

export interface GatewayAppOptions {
  /** where the JSON logs go (default: stdout, asynchronously) */
  logDestination?: DestinationStream;
  /** exchanges or the offline emulator (default: `loadEnv(MarketDataEnv)`, the process environment) */
  marketData?: MarketDataEnv;
}

/**
 * Errors Fastify raises before a route handler runs (malformed JSON, body too large) leave in the SPEC body
 * too: the gateway's handler is set when Fastify is created, before any route captures one. Nest's own
 * (set later, in `init`) is declined: it would only override ours with a warning (FSTWRN004).
 */
class GatewayFastifyAdapter extends FastifyAdapter {
  constructor(options: FastifyServerOptions) {
    super(options);
    this.getInstance().setErrorHandler(fastifyErrorHandler);
  }

  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}

/**
 * The gateway application as `main.ts` serves it and the tests exercise it: Fastify under Nest, so every
 * setting that shapes HTTP behaviour lives here once. `env` defaults to the process environment; tests pass
 * `loadEnv(GatewayEnv, {...})` with their own database, keys or limits.
 */
export async function createGatewayApp(
  env: GatewayEnv = loadEnv(GatewayEnv),
  options: GatewayAppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = createGatewayLogger(env.LOG_LEVEL, options.logDestination);
  const adapter = new GatewayFastifyAdapter({
    loggerInstance: logger,
    logController: new GatewayLogController(),
    genReqId: requestId,
    bodyLimit: env.BODY_LIMIT_BYTES,
    // a JSON key `__proto__` (or `constructor.prototype`) is dropped, as every field the gateway does not
    // read is ignored, rather than refused as malformed JSON: the body is as safe, and the document (whose
    // bodies allow extra fields) stays true
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    trustProxy: env.TRUST_PROXY === 'true',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(env, options.marketData),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(new PinoNestLogger(logger));
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  registerHttpObservability(fastify, app.get(GatewayMetrics));
  registerHttpProtection(app, env, app.get(RateLimit));
  registerMethodNotAllowed(fastify);
  await registerPlayground(fastify);
  await registerDashboard(fastify);
  await registerBullBoard(fastify, [app.get(TrainingJobs).queue], AdminKeys.parse(env.ADMIN_API_KEYS));
  registerOpenApi(app);
  return app;
}
