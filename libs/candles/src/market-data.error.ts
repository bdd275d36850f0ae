export type MarketDataErrorCode =
  | 'INVALID_SYMBOL'
  | 'INVALID_TIMEFRAME'
  | 'INVALID_CANDLES'
  | 'UNKNOWN_EXCHANGE'
  | 'UNKNOWN_SYMBOL'
  | 'UNSUPPORTED_TIMEFRAME'
  | 'EXCHANGE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'INSUFFICIENT_DATA';

/** A market-data failure with a code each transport maps once to its own status (STYLE §6). */
export class MarketDataError extends Error {
  constructor(
    readonly code: MarketDataErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MarketDataError';
  }
}
