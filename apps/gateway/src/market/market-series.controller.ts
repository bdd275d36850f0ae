import { Controller, Get, Query, Res, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MarketSeriesService } from '@crypto/serving';
import { ApiErrors } from '../openapi/api-errors';
import { restValidation } from '../serving/rest-validation.pipe';
import { stateDataAge } from './data-age';
import { MarketSeriesQueryDto, MarketSeriesResponseDto, toMarketSeriesResponse } from './market-series.dto';

@ApiTags('market data')
@UsePipes(restValidation)
@Controller()
export class MarketSeriesController {
  constructor(private readonly series: MarketSeriesService) {}

  @Get('v1/crypto/series')
  @ApiOperation({
    summary:
      'Per candle: close, heuristic risk score, the ML forecast served and the volatility that followed',
    description:
      "The dashboard's chart series: the latest closed candles of a market, each with the SPEC §5 risk score computed on it, the latest stored ML prediction for it and the realised volatility of the next H returns once known.",
  })
  @ApiOkResponse({ type: MarketSeriesResponseDto })
  @ApiErrors(400, 422, 502, 503)
  async marketSeries(
    @Query() query: MarketSeriesQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MarketSeriesResponseDto> {
    const series = await this.series.series(query);
    stateDataAge(reply, series.stale_ms);
    return toMarketSeriesResponse(series);
  }
}
