import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { MarketCandleService } from '@crypto/serving';
import { MarketQueryDto } from '../../market/market-query.dto';
import { orError, validated } from '../graphql-answers';
import { OHLCV_DEFAULTS, OhlcvInput } from '../inputs/market.input';
import { OhlcvResponse } from '../types/ohlcv.types';

@Resolver()
export class MarketResolver {
  constructor(@Inject(MarketCandleService) private readonly candles: MarketCandleService) {}

  @Query(() => OhlcvResponse, {
    description: 'the latest closed candles of a market (SPEC §8 `GET /v1/crypto/ohlcv`)',
  })
  ohlcvData(
    @Args('input', { type: () => OhlcvInput, nullable: true, defaultValue: OHLCV_DEFAULTS })
    input: OhlcvInput,
  ): Promise<OhlcvResponse> {
    const failed = (error: string): OhlcvResponse => ({
      symbol: input.symbol,
      exchange: input.exchange,
      timeframe: input.timeframe,
      rows: null,
      data: null,
      error,
    });
    return orError(async () => {
      const query = await validated(MarketQueryDto, { ...input });
      const window = await this.candles.latest(query, query.limit);
      return {
        symbol: window.market.symbol,
        exchange: window.market.exchange,
        timeframe: window.market.timeframe,
        rows: window.candles.length,
        data: window.candles.map((c) => ({
          timestamp: c.ts,
          open: c.open,
          high: c.high,
          low: c.low,
          close: c.close,
          volume: c.volume,
        })),
        error: null,
      };
    }, failed);
  }
}
