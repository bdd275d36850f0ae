import { type ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { MarketDataError, type MarketDataErrorCode } from '@crypto/candles';
import { ModelUnavailableError } from '@crypto/serving';
import { StorageError } from '@crypto/storage';
import { TrainingError, type TrainingErrorCode } from '@crypto/training';
import { HttpExceptionFilter, toErrorResponse } from './http-exception.filter';

const PATH = '/v1/crypto/ohlcv?symbol=X';

describe(toErrorResponse.name, () => {
  it.each<[MarketDataErrorCode, number, string]>([
    ['INVALID_SYMBOL', 400, 'symbol: '],
    ['UNKNOWN_SYMBOL', 400, 'symbol: '],
    ['UNKNOWN_EXCHANGE', 400, 'exchange: '],
    ['INVALID_TIMEFRAME', 400, 'timeframe: '],
    ['UNSUPPORTED_TIMEFRAME', 400, 'timeframe: '],
    ['EXCHANGE_UNAVAILABLE', 502, ''],
    ['RATE_LIMITED', 502, ''],
    ['INVALID_CANDLES', 502, ''],
    ['INSUFFICIENT_DATA', 422, ''],
  ])(
    'should answer MarketDataError %s with %i, naming the field when it is about one',
    (code, status, prefix) => {
      const { status: answered, body } = toErrorResponse(new MarketDataError(code, 'what went wrong'), PATH);

      expect(answered).toBe(status);
      expect(body).toEqual({ error: expect.any(String), message: `${prefix}what went wrong`, path: PATH });
    },
  );

  it.each([
    [new StorageError('UNAVAILABLE', 'PostgreSQL unavailable to read candles'), 503, 'Service Unavailable'],
    [new StorageError('NOT_FOUND', 'no such object'), 404, 'Not Found'],
    [new ModelUnavailableError('NO_MODEL', 'no ML model is loaded'), 503, 'Service Unavailable'],
    [new NotFoundException('Cannot GET /nope'), 404, 'Not Found'],
  ])('should answer %p with %i and its message', (error, status, reason) => {
    expect(toErrorResponse(error, PATH)).toEqual({
      status,
      body: { error: reason, message: (error as Error).message, path: PATH },
    });
  });

  it.each<[TrainingErrorCode, number]>([
    ['INVALID_REQUEST', 400],
    ['ALREADY_RUNNING', 409],
    ['NOT_FOUND', 404],
    ['INSUFFICIENT_DATA', 422],
    ['QUALITY_FAILED', 422],
    ['ROLLBACK_REFUSED', 409],
    ['CHAMPION_BUSY', 409],
    ['CHAMPION_LOCK_UNAVAILABLE', 503],
    ['REGISTRY_UNAVAILABLE', 503],
  ])('should answer TrainingError %s with %i and its message', (code, status) => {
    const { status: answered, body } = toErrorResponse(new TrainingError(code, 'what went wrong'), PATH);

    expect(answered).toBe(status);
    expect(body).toEqual({ error: expect.any(String), message: 'what went wrong', path: PATH });
  });

  it('should join the validation messages, each naming its field', () => {
    const error = new BadRequestException([
      'limit must not be greater than 1000',
      'symbol "X" is not a trading pair',
    ]);

    expect(toErrorResponse(error, PATH).body.message).toBe(
      'limit must not be greater than 1000; symbol "X" is not a trading pair',
    );
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, /^body: malformed JSON \(/],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, /^body: empty/],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, /^body: /],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, /send application\/json$/],
  ])('should answer Fastify %s with %i naming the body', (code, statusCode, message) => {
    const error = Object.assign(new Error('as Fastify says it'), { code, statusCode });

    const { status, body } = toErrorResponse(error, PATH);

    expect(status).toBe(statusCode);
    expect(body.message).toMatch(message);
  });

  it('should answer anything else 500 without its details', () => {
    expect(toErrorResponse(new TypeError('x is undefined at secret.ts:42'), PATH)).toEqual({
      status: 500,
      body: { error: 'Internal Server Error', message: 'unexpected error', path: PATH },
    });
  });
});

describe(HttpExceptionFilter.name, () => {
  it('should hand a GraphQL resolver error back to GraphQL instead of writing an HTTP answer', () => {
    const error = new Error('resolver failed');
    const host = {
      getType: () => 'graphql',
      switchToHttp: () => {
        throw new Error('not an HTTP request');
      },
    } as unknown as ArgumentsHost;

    expect(new HttpExceptionFilter().catch(error, host)).toBe(error);
  });
});
