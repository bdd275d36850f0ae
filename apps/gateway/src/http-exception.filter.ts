import { STATUS_CODES } from 'node:http';
import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  MethodNotAllowedException,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MarketDataError, type MarketDataErrorCode } from '@crypto/candles';
import { ModelUnavailableError } from '@crypto/serving';
import { StorageError, type StorageErrorCode } from '@crypto/storage';
import { TrainingError, type TrainingErrorCode } from '@crypto/training';

/** SPEC §8: the one error body of the gateway. */
export interface ErrorBody {
  error: string;
  message: string;
  path: string;
}

/** Each market-data failure's status, and the request field it is about (named in the message). */
const MARKET_DATA_ERRORS: Record<MarketDataErrorCode, { status: number; field?: string }> = {
  INVALID_SYMBOL: { status: 400, field: 'symbol' },
  UNKNOWN_SYMBOL: { status: 400, field: 'symbol' },
  UNKNOWN_EXCHANGE: { status: 400, field: 'exchange' },
  INVALID_TIMEFRAME: { status: 400, field: 'timeframe' },
  UNSUPPORTED_TIMEFRAME: { status: 400, field: 'timeframe' },
  // the exchange failed (after retries) or refused: its message goes to the caller
  EXCHANGE_UNAVAILABLE: { status: 502 },
  RATE_LIMITED: { status: 502 },
  // the exchange answered candles the features refuse (out of order, not finite)
  INVALID_CANDLES: { status: 502 },
  // the market has no closed candle to compute from
  INSUFFICIENT_DATA: { status: 422 },
};

const STORAGE_ERRORS: Record<StorageErrorCode, number> = {
  UNAVAILABLE: 503,
  MIGRATION_FAILED: 503,
  NOT_FOUND: 404,
};

const TRAINING_ERRORS: Record<TrainingErrorCode, number> = {
  INVALID_REQUEST: 400,
  // the market is training already: the message names the running job
  ALREADY_RUNNING: 409,
  NOT_FOUND: 404,
  // raised by the steps (in the trainer), seen here only if a step's error is ever relayed
  INSUFFICIENT_DATA: 422,
  QUALITY_FAILED: 422,
  // no champion, no earlier one, or the version asked for is the champion: the message says which
  ROLLBACK_REFUSED: 409,
  // a promotion is deciding on the champion: the message says who holds it
  CHAMPION_BUSY: 409,
  CHAMPION_LOCK_UNAVAILABLE: 503,
  REGISTRY_UNAVAILABLE: 503,
};

// Fastify's own codes whose message is better said in the SPEC's words
const FASTIFY_MESSAGES: Record<string, (error: FastifyError) => string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => `body: malformed JSON (${e.message})`,
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    'body: empty, but Content-Type is application/json (send {} for the defaults)',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) => `body: ${e.message}; send application/json`,
  FST_ERR_CTP_BODY_TOO_LARGE: (e) => `body: ${e.message}`,
};

const reason = (status: number): string => STATUS_CODES[status] ?? 'Error';

/**
 * The status and SPEC body of any failure (STYLE §6: each domain error is mapped here, once): Nest's HTTP
 * exceptions (validation messages joined, each naming its field), domain errors by code, errors Fastify
 * raises itself (malformed JSON, body too large), and anything else as a 500 whose cause is only logged.
 */
export function toErrorResponse(exception: unknown, path: string): { status: number; body: ErrorBody } {
  const answer = (status: number, message: string) => ({
    status,
    body: { error: reason(status), message, path },
  });
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: string | string[] }).message ?? exception.message);
    return answer(exception.getStatus(), Array.isArray(message) ? message.join('; ') : message);
  }
  if (exception instanceof MarketDataError) {
    const { status, field } = MARKET_DATA_ERRORS[exception.code];
    return answer(status, field ? `${field}: ${exception.message}` : exception.message);
  }
  if (exception instanceof StorageError) return answer(STORAGE_ERRORS[exception.code], exception.message);
  if (exception instanceof TrainingError) return answer(TRAINING_ERRORS[exception.code], exception.message);
  if (exception instanceof ModelUnavailableError)
    return answer(HttpStatus.SERVICE_UNAVAILABLE, exception.message);
  const fastify = exception as Partial<FastifyError>;
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const describe = fastify.code === undefined ? undefined : FASTIFY_MESSAGES[fastify.code];
    return answer(fastify.statusCode, describe ? describe(fastify as FastifyError) : (fastify.message ?? ''));
  }
  return answer(HttpStatus.INTERNAL_SERVER_ERROR, 'unexpected error');
}

const logger = new Logger('HttpErrors');

function send(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(exception, request.url);
  if (status >= 500 && status !== 502 && status !== 503) {
    logger.error(
      `${request.method} ${request.url} failed: ${exception instanceof Error ? exception.stack : String(exception)}`,
    );
  } else if (status >= 500) {
    logger.warn(`${request.method} ${request.url}: ${status} ${body.message}`);
  }
  void reply.status(status).send(body);
}

/** Every error of a Nest handler leaves the gateway as `{error, message, path}` (SPEC §8). */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    // a GraphQL resolver's error is GraphQL's to answer (in the `errors` list): hand it back, as Nest expects
    if (host.getType() !== 'http') return exception;
    const http = host.switchToHttp();
    send(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    return undefined;
  }
}

/**
 * The same answer for errors Fastify raises before a Nest handler runs (body parsing, body size, hooks):
 * they never reach {@link HttpExceptionFilter}.
 */
export function fastifyErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  send(error, request, reply);
}

/**
 * A method the gateway does not serve on a path it serves (`TRACE /health`, `DELETE /v1/crypto/ohlcv`)
 * answers `405` with `Allow` (RFC 9110 §15.5.6) in the SPEC body, where Fastify would answer 404 as for an
 * unknown path. Checked in `onRequest`, before any body is read: Fastify's 404 route would otherwise parse
 * it first (and refuse a `QUERY` without `Content-Type` with a 400). A path only `OPTIONS` matches (a CORS
 * preflight catch-all) stays a 404.
 */
export function registerMethodNotAllowed(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const url = request.url.split('?')[0]!;
    const allowed = fastify.supportedMethods.filter(
      (method) => method !== request.method && fastify.findRoute({ method, url }) !== null,
    );
    if (allowed.every((method) => method === 'OPTIONS')) return done();
    const allow = allowed.sort().join(', ');
    const { status, body } = toErrorResponse(
      new MethodNotAllowedException(`${request.method} is not served on ${url}; it answers ${allow}`),
      request.url,
    );
    void reply.status(status).header('Allow', allow).send(body);
  });
}
