import { readCandleCsv, type Candle } from '@crypto/candles';

/** Recorded candles of one market: what the replay source plays and the exchange emulator serves. */
export interface RecordedMarket {
  /** unified (`BTC/USDT`) or exchange (`BTCUSDT`) form */
  symbol: string;
  /** timeframe of the recorded candles */
  timeframe: string;
  candles: readonly Candle[];
}

/** Reads a recorded candle CSV (SPEC §4 format) as the market `symbol` / `timeframe`. */
export async function readRecordedMarket(
  file: string,
  market: { symbol: string; timeframe: string },
): Promise<RecordedMarket> {
  return { ...market, candles: await readCandleCsv(file) };
}
