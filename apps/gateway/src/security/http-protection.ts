import { BadRequestException } from '@nestjs/common';
import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayEnv } from '../gateway.env';
import { nestingDepth } from './body-depth';
import type { RateLimit } from './rate-limit';

/**
 * CSP that Swagger UI (`/docs`) and the GraphQL playground (`/graphql`, files under `/altair/`) work under:
 * scripts only from the gateway itself, inline styles allowed (both UIs set styles at run time), websockets
 * for GraphQL subscriptions. No `upgrade-insecure-requests`: the gateway is served over plain HTTP locally.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", 'ws:', 'wss:'],
    workerSrc: ["'self'", 'blob:'],
    frameSrc: ["'self'"],
    frameAncestors: ["'self'"],
    formAction: ["'self'"],
    objectSrc: ["'none'"],
  },
};

/** `CORS_ORIGINS`: empty → no CORS headers (same-origin only), `*` → any origin, else the listed origins. */
export function corsOrigins(setting: string): string[] | '*' | undefined {
  const origins = setting
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length === 0) return undefined;
  return origins.includes('*') ? '*' : origins;
}

/**
 * Security headers, CORS, the rate limit and the body's nesting depth, app-wide. The body limit is a Fastify
 * option (see gateway.app.ts); Fastify has none for depth, so it is checked on the parsed body, before any
 * handler (REST validation, GraphQL) walks it recursively.
 * Helmet's header middleware is built once and applied to each answer; `@fastify/helmet` rebuilds it (parsing
 * the CSP again) on every request, a measurable share of a signal request's CPU.
 */
export function registerHttpProtection(
  app: NestFastifyApplication,
  env: GatewayEnv,
  rateLimit: RateLimit,
): void {
  const securityHeaders = helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  );
  const origin = corsOrigins(env.CORS_ORIGINS);
  if (origin) {
    app.enableCors({
      origin,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['Content-Type', 'X-API-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining'],
      maxAge: 600,
    });
  }
  fastify.addHook('onRequest', rateLimit.onRequest);
  fastify.addHook('preValidation', (request, _reply, done) => {
    const tooDeep = nestingDepth(request.body, env.BODY_MAX_DEPTH) > env.BODY_MAX_DEPTH;
    done(
      tooDeep
        ? new BadRequestException(
            `body: objects and arrays nested deeper than ${env.BODY_MAX_DEPTH} levels (BODY_MAX_DEPTH)`,
          )
        : undefined,
    );
  });
}
