import type { FastifyReply, FastifyRequest } from 'fastify';
import type IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitSettings {
  /** requests per client and window; 0: no limit */
  points: number;
  windowS: number;
  /** Redis key prefix shared by the replicas that share the limit */
  prefix: string;
}

// Probes, scrapes and the static files of the consoles are not API traffic.
const EXEMPT = ['/health', '/metrics', '/docs', '/altair/'];

const isExempt = (url: string): boolean => EXEMPT.some((prefix) => url.startsWith(prefix));

/**
 * Requests per client IP and window (a GraphQL request also pays for its root fields, see operation-cost.ts),
 * counted in Redis so every replica shares one budget (one Lua call, one
 * round trip per request). While Redis is unreachable an in-process limiter with the same budget takes over:
 * the API keeps serving, limited per replica. Past the budget: 429 with `Retry-After` and the SPEC body.
 */
export class RateLimit {
  private readonly limiter: RateLimiterRedis | undefined;

  constructor(
    redis: IORedis,
    readonly settings: RateLimitSettings,
  ) {
    if (settings.points === 0) return;
    const budget = { points: settings.points, duration: settings.windowS };
    this.limiter = new RateLimiterRedis({
      ...budget,
      storeClient: redis,
      keyPrefix: settings.prefix,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ ...budget, keyPrefix: `${settings.prefix}:memory` }),
    });
  }

  /** the points per client and window, `undefined` when limiting is off */
  get budget(): number | undefined {
    return this.limiter ? this.settings.points : undefined;
  }

  /** Fastify `onRequest` hook: every request costs a point. */
  readonly onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (isExempt(request.url)) return;
    const refused = await this.consume(request, reply, 1);
    if (refused === undefined) return;
    await reply.status(429).send({
      error: 'Too Many Requests',
      message: `rate limit of ${this.settings.points} requests per ${this.settings.windowS} s exceeded; retry in ${refused.retryAfterS} s`,
      path: request.url,
    });
  };

  /**
   * Takes `points` more from the request's client (GraphQL work beyond the request's own point) and sets the
   * rate-limit headers. Past the budget: `429` and `Retry-After` set, the refusal returned for the caller's
   * answer; rate-limiter-flexible keeps the points counted, so the client waits out the window.
   */
  async consume(
    request: FastifyRequest,
    reply: FastifyReply,
    points: number,
  ): Promise<{ retryAfterS: number } | undefined> {
    if (!this.limiter) return undefined;
    void reply.header('x-ratelimit-limit', this.settings.points);
    try {
      const res = await this.limiter.consume(request.ip, points);
      void reply.header('x-ratelimit-remaining', res.remainingPoints);
      return undefined;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        // both limiters failing is a bug, not abuse: serve the request rather than refuse everyone
        request.log.error({ err: rejection }, 'rate limit check failed; request let through');
        return undefined;
      }
      const retryAfterS = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      void reply.status(429).header('retry-after', retryAfterS).header('x-ratelimit-remaining', 0);
      return { retryAfterS };
    }
  }
}
