import { plainCandle, type Candle } from '@crypto/candles';
import type { CandleWindow, IndicatorSnapshot } from '@crypto/serving';
import type { StoredCandle } from '@crypto/storage';
import type {
  CandleRowDto,
  IndicatorsResponseDto,
  OhlcvResponseDto,
  PriceRowDto,
  PricesResponseDto,
} from './market.responses';

export const toCandleRow = (candle: Candle): CandleRowDto => ({
  ...plainCandle(candle),
  time: new Date(candle.ts).toISOString(),
});

export const toOhlcvResponse = (window: CandleWindow, limit: number): OhlcvResponseDto => ({
  symbol: window.market.symbol,
  exchange: window.market.exchange,
  timeframe: window.market.timeframe,
  limit,
  rows: window.candles.length,
  data: window.candles.map(toCandleRow),
});

export const toIndicatorsResponse = (snapshot: IndicatorSnapshot): IndicatorsResponseDto => ({
  symbol: snapshot.market.symbol,
  exchange: snapshot.market.exchange,
  timeframe: snapshot.market.timeframe,
  limit: snapshot.limit,
  rows: snapshot.candles,
  latest: snapshot.latest,
  tail: snapshot.tail,
});

const toPriceRow = (candle: StoredCandle): PriceRowDto => ({ ...toCandleRow(candle), final: candle.isFinal });

export const toPricesResponse = (
  {
    market,
    candles,
  }: { market: { symbol: string; exchange: string; timeframe: string }; candles: StoredCandle[] },
  n: number,
): PricesResponseDto => ({
  symbol: market.symbol,
  exchange: market.exchange,
  timeframe: market.timeframe,
  n,
  rows: candles.length,
  data: candles.map(toPriceRow),
});
