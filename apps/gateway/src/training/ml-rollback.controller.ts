import { Body, Controller, HttpCode, Post, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChampionRollback } from '@crypto/training';
import { ApiErrors } from '../openapi/api-errors';
import { AdminOperation } from '../security/admin-operation.decorator';
import { restValidation } from '../serving/rest-validation.pipe';
import { RollbackRequestDto, RollbackResponseDto } from './ml-rollback.dto';

@ApiTags('model')
@UsePipes(restValidation)
@Controller('v1/ml/model')
export class MlRollbackController {
  constructor(private readonly champion: ChampionRollback) {}

  @Post('rollback')
  @HttpCode(200)
  @AdminOperation()
  @ApiOperation({
    summary: 'Put the previous champion (or `version`) back (admin)',
    description:
      'Moves the champion alias, records the decision and reason on the rolled-back run and in training_runs, and publishes `champion_rolled_back` on model-events: every serving app loads the restored version. 409 when there is no champion or no earlier one, or when a promotion held the champion for longer than the rollback waits (15 s).',
  })
  @ApiOkResponse({ type: RollbackResponseDto })
  @ApiErrors(400, 401, 404, 409, 503)
  rollback(@Body() body: RollbackRequestDto): Promise<RollbackResponseDto> {
    return this.champion.rollback({ version: body.version, reason: body.reason });
  }
}
