import { MarketDataError } from '@crypto/candles';
import * as ccxt from 'ccxt';
import type { Logger } from '@nestjs/common';
import { RetriesExhaustedError, withRetry, type RetryHooks, type RetryPolicy } from '../retry/retry-policy';

/** The parts of a ccxt client (REST or websocket) the retry path reads. */
export interface ExchangeClient {
  id: string | undefined;
  last_response_headers?: Record<string, string> | undefined;
}

export interface ExchangeRetryOptions {
  retry: RetryPolicy;
  sleep?: RetryHooks['sleep'];
  random?: RetryHooks['random'];
}

/**
 * Worth another attempt: ccxt's OperationFailed branch — NetworkError (RequestTimeout, ExchangeNotAvailable,
 * DDoSProtection, RateLimitExceeded, …) and the exchange's own "internal error, try again" answers
 * (Binance -1001). Not BadSymbol, BadRequest, AuthenticationError and the rest of ExchangeError.
 */
export function isRetryableExchangeError(error: unknown): boolean {
  return error instanceof ccxt.OperationFailed;
}

const isRateLimit = (error: unknown): boolean =>
  error instanceof ccxt.DDoSProtection || error instanceof ccxt.RateLimitExceeded;

/** Seconds the exchange asked to wait (`Retry-After`), in ms, when it answered with a rate limit. */
export function requestedRetryDelayMs(exchange: ExchangeClient, error: unknown): number | undefined {
  if (!isRateLimit(error)) return undefined;
  const headers = exchange.last_response_headers ?? {};
  const seconds = Number(headers['Retry-After'] ?? headers['retry-after']);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * One `MarketDataError` per ccxt failure (STYLE §6), naming the exchange and what was attempted:
 * rate limits → RATE_LIMITED, other retryable failures → EXCHANGE_UNAVAILABLE (after the retries),
 * BadSymbol → UNKNOWN_SYMBOL, an interval the exchange rejects → UNSUPPORTED_TIMEFRAME, anything else
 * the exchange said → EXCHANGE_UNAVAILABLE with its message.
 */
export function toMarketDataError(error: unknown, exchangeId: string, operation: string): MarketDataError {
  if (error instanceof MarketDataError) return error;
  const attempts = error instanceof RetriesExhaustedError ? error.attempts : 1;
  const cause = error instanceof RetriesExhaustedError ? error.lastError : error;
  const detail = cause instanceof Error ? `${cause.constructor.name}: ${cause.message}` : String(cause);
  const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (isRateLimit(cause)) {
    return new MarketDataError(
      'RATE_LIMITED',
      `${exchangeId} rate-limited ${operation}${tried} (${detail})`,
      { cause },
    );
  }
  if (cause instanceof ccxt.BadSymbol) {
    return new MarketDataError(
      'UNKNOWN_SYMBOL',
      `${exchangeId} rejected the symbol in ${operation} (${detail})`,
      { cause },
    );
  }
  if (cause instanceof ccxt.BadRequest && /interval/i.test(cause.message)) {
    return new MarketDataError(
      'UNSUPPORTED_TIMEFRAME',
      `${exchangeId} rejected the timeframe in ${operation} (${detail})`,
      { cause },
    );
  }
  const what = isRetryableExchangeError(cause) ? 'unavailable' : 'refused';
  return new MarketDataError(
    'EXCHANGE_UNAVAILABLE',
    `${exchangeId} ${what} for ${operation}${tried} (${detail})`,
    { cause },
  );
}

/**
 * Runs one exchange request with {@link withRetry} (retryable ccxt failures, `Retry-After` honoured, each
 * retry logged) and maps the final failure with {@link toMarketDataError}. `request` gets the attempt (0-based).
 */
export async function callExchange<T>(
  exchange: ExchangeClient,
  operation: string,
  request: (attempt: number) => Promise<T>,
  options: ExchangeRetryOptions,
  logger: Logger,
): Promise<T> {
  const exchangeId = exchange.id ?? 'exchange';
  try {
    return await withRetry(request, options.retry, {
      isRetryable: isRetryableExchangeError,
      requestedDelayMs: (error) => requestedRetryDelayMs(exchange, error),
      onRetry: ({ attempt, delayMs, error }) =>
        logger.warn(
          `${exchangeId} ${operation} failed (${error instanceof Error ? error.constructor.name : 'error'}); retry ${attempt}/${options.retry.retries} in ${delayMs} ms`,
        ),
      sleep: options.sleep,
      random: options.random,
    });
  } catch (error) {
    throw toMarketDataError(error, exchangeId, operation);
  }
}
