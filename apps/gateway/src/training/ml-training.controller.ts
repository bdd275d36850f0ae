import { Body, Controller, Get, HttpCode, Param, Post, Query, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors';
import { AdminOperation } from '../security/admin-operation.decorator';
import { restValidation } from '../serving/rest-validation.pipe';
import {
  RunsQueryDto,
  toTrainingJobStatus,
  toTrainingRun,
  TrainAcceptedDto,
  TrainingJobIdParamDto,
  TrainingJobStatusDto,
  TrainingRunDto,
  TrainRequestDto,
} from './ml-training.dto';
import { MlTrainingService } from './ml-training.service';

@ApiTags('model')
@UsePipes(restValidation)
@Controller('v1/ml')
export class MlTrainingController {
  constructor(private readonly training: MlTrainingService) {}

  @Post('train')
  @HttpCode(200)
  @AdminOperation()
  @ApiOperation({
    summary: 'Start a training flow on the stored candles of a market (admin)',
    description:
      'Queues extract → validate → build dataset → train → evaluate → register → promote for the trainer; one training per market at a time (409 while one runs).',
  })
  @ApiOkResponse({ type: TrainAcceptedDto })
  @ApiErrors(400, 401, 409, 503)
  train(@Body() body: TrainRequestDto): Promise<TrainAcceptedDto> {
    return this.training.start({
      symbol: body.symbol,
      exchange: body.exchange,
      timeframe: body.timeframe,
      register: body.register,
      ...(body.epochs === undefined ? {} : { epochs: body.epochs }),
      ...(body.limit === undefined ? {} : { limit: body.limit }),
    });
  }

  @Get('train/:job_id')
  @ApiOperation({ summary: 'State, step and progress of a training flow' })
  @ApiOkResponse({ type: TrainingJobStatusDto })
  @ApiErrors(400, 404, 503)
  async status(@Param() params: TrainingJobIdParamDto): Promise<TrainingJobStatusDto> {
    return toTrainingJobStatus(await this.training.status(params.job_id));
  }

  @Get('runs')
  @ApiOperation({ summary: 'Recent training runs with their metrics and promotion decision, newest first' })
  @ApiOkResponse({ type: [TrainingRunDto] })
  @ApiErrors(400, 503)
  async runs(@Query() query: RunsQueryDto): Promise<TrainingRunDto[]> {
    return (await this.training.recent(query.n)).map(toTrainingRun);
  }
}
