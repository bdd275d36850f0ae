import { Controller, Get, Query, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertService } from '@crypto/serving';
import { ApiErrors } from '../openapi/api-errors';
import { restValidation } from '../serving/rest-validation.pipe';
import { AlertsTailQueryDto } from './alerts.dto';
import { toAlertResponse } from './alerts.mapper';
import { AlertDto } from './alerts.responses';

@ApiTags('alerts')
@UsePipes(restValidation)
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertService) {}

  @Get('tail')
  @ApiOperation({
    summary: 'The alerts of the latest candles, oldest first',
    description: 'Stored by the stream consumer (SPEC §8 `alerts`); ordered by candle open time.',
  })
  @ApiOkResponse({ type: [AlertDto] })
  @ApiErrors(400, 503)
  async tail(@Query() query: AlertsTailQueryDto): Promise<AlertDto[]> {
    return (await this.alerts.tail(query.n, { symbol: query.symbol })).map(toAlertResponse);
  }
}
