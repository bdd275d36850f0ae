import type { Candle, MarketKey } from '@crypto/candles';

/** Latest price and 24h statistics of a market. */
export interface MarketTicker {
  /** unified, `BTC/USDT` */
  symbol: string;
  price: number;
  /** percent, e.g. -2.5 for −2.5 % over 24 h */
  change24hPct: number | null;
  /** base-asset volume over 24 h */
  volume24h: number | null;
  /** epoch ms */
  timestamp: number;
}

/**
 * Which candles to fetch. `since` (epoch ms, inclusive) starts a paginated backfill up to `until`
 * (exclusive, default: now) or `limit` candles; without `since`, the latest `limit` candles.
 */
export interface CandleRequest {
  since?: number;
  until?: number;
  limit?: number;
}

/** REST market data of one exchange: what the ingestion service needs, implemented over ccxt. */
export interface ExchangeMarketData {
  readonly exchangeId: string;
  /**
   * Checks and normalises a market: `BTCUSDT` / `btc/usdt` → `BTC/USDT`, listed on the exchange, timeframe
   * offered by it. Throws `MarketDataError` (INVALID_SYMBOL, UNKNOWN_SYMBOL, INVALID_TIMEFRAME,
   * UNSUPPORTED_TIMEFRAME).
   */
  resolveMarket(symbol: string, timeframe: string): Promise<MarketKey>;
  /** Candles in ascending `ts`, as the exchange reports them: the last one may still be open. */
  fetchCandles(market: MarketKey, request: CandleRequest): Promise<Candle[]>;
  fetchTicker(symbol: string): Promise<MarketTicker>;
  close(): Promise<void>;
}
