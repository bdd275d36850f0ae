import { Body, Controller, Get, HttpCode, Post, Query, Res, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HeuristicSignalService, MlSignalService, SignalComparisonService } from '@crypto/serving';
import { stateDataAge } from '../market/data-age';
import { MarketQueryDto } from '../market/market-query.dto';
import { ApiErrors } from '../openapi/api-errors';
import { MlSignalRequestDto, SignalRequestDto, TailQueryDto } from './signals.dto';
import {
  toCompareResponse,
  toMlPredictionRecord,
  toMlSignalResponse,
  toSignalRecord,
  toSignalResponse,
} from './signals.mapper';
import {
  CompareResponseDto,
  MlPredictionRecordDto,
  MlSignalResponseDto,
  SignalRecordDto,
  SignalResponseDto,
} from './signals.responses';
import { restValidation } from '../serving/rest-validation.pipe';

@ApiTags('signals')
@UsePipes(restValidation)
@Controller('v1/crypto')
export class SignalsController {
  constructor(
    private readonly heuristics: HeuristicSignalService,
    private readonly ml: MlSignalService,
    private readonly comparison: SignalComparisonService,
  ) {}

  @Post('signal')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Heuristic risk signal of the latest closed candle (SPEC §5)',
    description:
      'Each call is stored in PostgreSQL before it is answered (see `GET /v1/crypto/signals/tail`).',
  })
  @ApiOkResponse({ type: SignalResponseDto })
  @ApiErrors(400, 422, 502, 503)
  async signal(
    @Body() body: SignalRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignalResponseDto> {
    const signal = await this.heuristics.generate({ ...body, horizonMin: body.horizon_min });
    stateDataAge(reply, signal.stale_ms);
    return toSignalResponse(signal);
  }

  @Get('signals/tail')
  @ApiOperation({ summary: 'The latest persisted heuristic signals, oldest first' })
  @ApiOkResponse({ type: [SignalRecordDto] })
  @ApiErrors(400, 503)
  async signalsTail(@Query() query: TailQueryDto): Promise<SignalRecordDto[]> {
    return (await this.heuristics.tail(query.n, { symbol: query.symbol })).map(toSignalRecord);
  }

  @Post('ml-signal')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Volatility forecast of the champion model, compared with the heuristic',
    description: 'Stored before it is answered; 503 while no model is loaded.',
  })
  @ApiOkResponse({ type: MlSignalResponseDto })
  @ApiErrors(400, 422, 502, 503)
  async mlSignal(
    @Body() body: MlSignalRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MlSignalResponseDto> {
    const signal = await this.ml.predict({ ...body, includeHeuristic: body.include_heuristic });
    stateDataAge(reply, signal.stale_ms);
    return toMlSignalResponse(signal);
  }

  @Get('ml-predictions/tail')
  @ApiOperation({ summary: 'The latest persisted ML predictions, oldest first' })
  @ApiOkResponse({ type: [MlPredictionRecordDto] })
  @ApiErrors(400, 503)
  async mlPredictionsTail(@Query() query: TailQueryDto): Promise<MlPredictionRecordDto[]> {
    return (await this.ml.tail(query.n, { symbol: query.symbol })).map(toMlPredictionRecord);
  }

  @Get('signals/compare')
  @ApiOperation({
    summary: 'Heuristic and ML signals side by side (not stored); 503 while no model is loaded',
  })
  @ApiOkResponse({ type: CompareResponseDto })
  @ApiErrors(400, 422, 502, 503)
  async compare(
    @Query() query: MarketQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CompareResponseDto> {
    const comparison = await this.comparison.compare(query);
    stateDataAge(reply, comparison.stale_ms);
    return toCompareResponse(comparison);
  }
}
