import { status, type ServiceError } from '@grpc/grpc-js';
import { MarketDataError, type MarketDataErrorCode } from '@crypto/candles';
import { ModelUnavailableError } from '@crypto/serving';
import { StorageError, type StorageErrorCode } from '@crypto/storage';
import { InvalidRequestError } from './grpc-requests';

/** Each market-data failure's status, and the request field it is about (named in the message). */
const MARKET_DATA_STATUS: Record<MarketDataErrorCode, { code: status; field?: string }> = {
  INVALID_SYMBOL: { code: status.INVALID_ARGUMENT, field: 'symbol' },
  UNKNOWN_SYMBOL: { code: status.NOT_FOUND, field: 'symbol' },
  UNKNOWN_EXCHANGE: { code: status.INVALID_ARGUMENT, field: 'exchange' },
  INVALID_TIMEFRAME: { code: status.INVALID_ARGUMENT, field: 'timeframe' },
  UNSUPPORTED_TIMEFRAME: { code: status.INVALID_ARGUMENT, field: 'timeframe' },
  // the exchange failed (after retries), refused, or answered candles the features refuse: retry later
  EXCHANGE_UNAVAILABLE: { code: status.UNAVAILABLE },
  RATE_LIMITED: { code: status.UNAVAILABLE },
  INVALID_CANDLES: { code: status.UNAVAILABLE },
  // the market has no closed candle to compute from
  INSUFFICIENT_DATA: { code: status.FAILED_PRECONDITION },
};

const STORAGE_STATUS: Record<StorageErrorCode, status> = {
  UNAVAILABLE: status.UNAVAILABLE,
  MIGRATION_FAILED: status.UNAVAILABLE,
  NOT_FOUND: status.NOT_FOUND,
};

export type GrpcFailure = Pick<ServiceError, 'code' | 'details'>;

/**
 * The gRPC status of any failure of a use case (STYLE §6: each domain error is mapped here, once); the
 * message names the field when the input is at fault. Anything unknown is INTERNAL, its cause only logged.
 */
export function toGrpcStatus(error: unknown): { code: status; details: string } {
  if (error instanceof InvalidRequestError) return { code: status.INVALID_ARGUMENT, details: error.message };
  if (error instanceof MarketDataError) {
    const { code, field } = MARKET_DATA_STATUS[error.code];
    return { code, details: field ? `${field}: ${error.message}` : error.message };
  }
  if (error instanceof StorageError) return { code: STORAGE_STATUS[error.code], details: error.message };
  if (error instanceof ModelUnavailableError) return { code: status.UNAVAILABLE, details: error.message };
  return { code: status.INTERNAL, details: 'unexpected error' };
}

/** The status name as grpc-js spells it (`INVALID_ARGUMENT`), for metric labels and logs. */
export const statusName = (code: status): string => status[code] ?? String(code);
