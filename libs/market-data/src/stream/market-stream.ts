import type { Candle, MarketKey } from '@crypto/candles';
import type { MarketTicker } from '../exchange/exchange-market-data';

/** A candle as it is now: `closed` once its period is over (final values), else still changing. */
export interface CandleUpdate {
  type: 'candle';
  market: MarketKey;
  candle: Candle;
  closed: boolean;
}

export interface TickerUpdate {
  type: 'ticker';
  market: MarketKey;
  ticker: MarketTicker;
}

export type MarketUpdate = CandleUpdate | TickerUpdate;

export interface MarketStreamRequest {
  exchange: string;
  /** `BTCUSDT`, `btc/usdt`, `BTC/USDT` */
  symbol: string;
  timeframe: string;
  /** also emit ticker updates (default true) */
  tickers?: boolean;
}

/**
 * A live-looking market stream: the exchange's websockets ({@link LiveCandleSource}) or a recorded file
 * played back ({@link ReplayCandleSource}), swapped by configuration (`createCandleStreamSource`).
 * The stream ends when `signal` aborts, when the consumer stops iterating (`break`), or — for a replay —
 * when the recording is over. Failures that outlast the retries end it with a `MarketDataError`.
 */
export interface CandleStreamSource {
  readonly kind: 'live' | 'replay';
  stream(request: MarketStreamRequest, signal?: AbortSignal): AsyncIterable<MarketUpdate>;
  close(): Promise<void>;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
