import { ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_TAIL, TailQueryDto } from '../signals/signals.dto';

/** SPEC §8 `GET /v1/alerts/tail` query: `n` (20 by default, as the SPEC says) and `symbol?`. */
export class AlertsTailQueryDto extends TailQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `how many of the latest, 1 … ${MAX_TAIL}`,
    default: 20,
    minimum: 1,
    maximum: MAX_TAIL,
    example: 20,
  })
  override n: number = 20;
}
