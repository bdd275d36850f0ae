/** One OHLCV candle. `ts` is the candle open time in epoch milliseconds (UTC), as recorded by the exchange. */
export interface Candle {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Where a candle series comes from: the key under which candles are stored and streamed. */
export interface MarketKey {
  exchange: string;
  symbol: string;
  timeframe: string;
}

/** The six candle fields of `candle`, without anything else it carries (a stored row's `isFinal`, …). */
export const plainCandle = ({ ts, open, high, low, close, volume }: Candle): Candle => ({
  ts,
  open,
  high,
  low,
  close,
  volume,
});
