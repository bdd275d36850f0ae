import { Body, Controller, HttpCode, Post, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IngestResult } from '@crypto/market-data';
import { MarketCandleService } from '@crypto/serving';
import { ApiErrors } from '../openapi/api-errors';
import { AdminOperation } from '../security/admin-operation.decorator';
import { IngestRequestDto, IngestResponseDto, toEpochMs } from './ingest.dto';
import { restValidation } from '../serving/rest-validation.pipe';

export const toIngestResponse = (result: IngestResult): IngestResponseDto => ({
  symbol: result.market.symbol,
  exchange: result.market.exchange,
  timeframe: result.market.timeframe,
  source: result.source,
  fetched: result.fetched,
  new: result.inserted,
  already_present: result.unchanged,
  updated: result.updated,
  final: result.final,
  provisional: result.provisional,
  range: result.range ?? { from_ts: null, to_ts: null, from: null, to: null },
  quality: {
    pass: result.quality.pass,
    failed: result.quality.failed,
    report_key: result.quality.stored?.key ?? null,
    ...(result.quality.error === undefined ? {} : { error: result.quality.error }),
  },
});

@ApiTags('admin')
@UsePipes(restValidation)
@Controller('v1/ingest')
export class IngestController {
  constructor(private readonly candles: MarketCandleService) {}

  @Post('run')
  @HttpCode(200)
  @AdminOperation()
  @ApiOperation({
    summary: 'Fetch candles from the exchange and store them (admin)',
    description:
      'Idempotent: candles already stored are counted in `already_present` and left as they are; the data-quality report goes to the `quality-reports` bucket.',
  })
  @ApiOkResponse({ type: IngestResponseDto })
  @ApiErrors(400, 401, 502, 503)
  async run(@Body() body: IngestRequestDto): Promise<IngestResponseDto> {
    const result = await this.candles.ingest({
      exchange: body.exchange,
      symbol: body.symbol,
      timeframe: body.timeframe,
      limit: body.limit,
      since: body.since === undefined ? undefined : toEpochMs(body.since),
    });
    return toIngestResponse(result);
  }
}
