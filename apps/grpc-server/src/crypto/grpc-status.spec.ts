import { status } from '@grpc/grpc-js';
import { MarketDataError } from '@crypto/candles';
import { ModelUnavailableError } from '@crypto/serving';
import { StorageError } from '@crypto/storage';
import { InvalidRequestError } from './grpc-requests';
import { statusName, toGrpcStatus } from './grpc-status';

describe(toGrpcStatus.name, () => {
  it.each([
    [new InvalidRequestError('limit must be …'), status.INVALID_ARGUMENT, 'limit must be …'],
    [
      new MarketDataError('INVALID_SYMBOL', 'symbol "X" is not a pair'),
      status.INVALID_ARGUMENT,
      'symbol: symbol "X" is not a pair',
    ],
    [
      new MarketDataError('UNKNOWN_SYMBOL', 'binance has no FOO/USDT'),
      status.NOT_FOUND,
      'symbol: binance has no FOO/USDT',
    ],
    [new MarketDataError('UNSUPPORTED_TIMEFRAME', 'no 7m'), status.INVALID_ARGUMENT, 'timeframe: no 7m'],
    [new MarketDataError('UNKNOWN_EXCHANGE', 'no nowhere'), status.INVALID_ARGUMENT, 'exchange: no nowhere'],
    [new MarketDataError('EXCHANGE_UNAVAILABLE', 'binance down'), status.UNAVAILABLE, 'binance down'],
    [new MarketDataError('INSUFFICIENT_DATA', 'no candles'), status.FAILED_PRECONDITION, 'no candles'],
    [new StorageError('UNAVAILABLE', 'PostgreSQL unreachable'), status.UNAVAILABLE, 'PostgreSQL unreachable'],
    [
      new ModelUnavailableError('NO_MODEL', 'no ML model is loaded'),
      status.UNAVAILABLE,
      'no ML model is loaded',
    ],
    [new TypeError('x is undefined'), status.INTERNAL, 'unexpected error'],
  ])('should answer %p as %p', (error, code, details) => {
    expect(toGrpcStatus(error)).toEqual({ code, details });
  });
});

describe(statusName.name, () => {
  it('should spell the codes as grpc-js does', () => {
    expect(statusName(status.OK)).toBe('OK');
    expect(statusName(status.DEADLINE_EXCEEDED)).toBe('DEADLINE_EXCEEDED');
  });
});
