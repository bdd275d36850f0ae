import { Controller, Get, Query, Res, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IndicatorService, MarketCandleService } from '@crypto/serving';
import { ApiErrors } from '../openapi/api-errors';
import { stateDataAge } from './data-age';
import { IndicatorsQueryDto, PricesQueryDto } from './market.dto';
import { toIndicatorsResponse, toOhlcvResponse, toPricesResponse } from './market.mapper';
import { MarketQueryDto } from './market-query.dto';
import { IndicatorsResponseDto, OhlcvResponseDto, PricesResponseDto } from './market.responses';
import { restValidation } from '../serving/rest-validation.pipe';

@ApiTags('market data')
@UsePipes(restValidation)
@Controller()
export class MarketController {
  constructor(
    private readonly candles: MarketCandleService,
    private readonly indicators: IndicatorService,
  ) {}

  @Get('v1/crypto/ohlcv')
  @ApiOperation({
    summary: 'Latest closed candles of a market',
    description:
      'From PostgreSQL when the stored candles are up to date with the exchange, otherwise after fetching what is missing (stored). `X-Candles-Age-Seconds` is set when an older copy is served while the exchange fails.',
  })
  @ApiOkResponse({ type: OhlcvResponseDto })
  @ApiErrors(400, 502, 503)
  async ohlcv(
    @Query() query: MarketQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OhlcvResponseDto> {
    const window = await this.candles.latest(query, query.limit);
    stateDataAge(reply, window.staleMs);
    return toOhlcvResponse(window, query.limit);
  }

  @Get('v1/crypto/indicators')
  @ApiOperation({ summary: 'Latest SPEC §5 feature values of a market and their recent tail' })
  @ApiOkResponse({ type: IndicatorsResponseDto })
  @ApiErrors(400, 422, 502, 503)
  async latestIndicators(
    @Query() query: IndicatorsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IndicatorsResponseDto> {
    const snapshot = await this.indicators.latest(query);
    stateDataAge(reply, snapshot.stale_ms);
    return toIndicatorsResponse(snapshot);
  }

  @Get('v1/prices/latest')
  @ApiOperation({
    summary: 'Latest stored candles of a market',
    description:
      'What PostgreSQL holds, the still-open candle included (`final: false`); the exchange is not asked.',
  })
  @ApiOkResponse({ type: PricesResponseDto })
  @ApiErrors(400, 503)
  async latestPrices(@Query() query: PricesQueryDto): Promise<PricesResponseDto> {
    return toPricesResponse(await this.candles.stored(query, query.n), query.n);
  }
}
