import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_ROLLBACK_REASON, type RollbackOutcome } from '@crypto/training';
import { nullAsAbsent } from '../market/dto-validation';

/** SPEC §8 `POST /v1/ml/model/rollback` body: both fields optional (`{}` rolls back to the previous champion). */
export class RollbackRequestDto {
  @ApiPropertyOptional({
    // null reads as absent (nullAsAbsent)
    nullable: true,
    description: 'the model version to make champion again; default: the previous champion',
    example: '3',
    // a number is read as its digits (below): both are documented, the digits as the pattern checks them
    oneOf: [
      { type: 'string', pattern: '^[1-9][0-9]*$' },
      { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    ],
  })
  @IsOptional()
  // a number is accepted as its digits: `{"version": 3}` is what a client means by "3"
  @Transform(nullAsAbsent(({ value }) => (typeof value === 'number' ? String(value) : value)))
  @IsString()
  @Matches(/^[1-9]\d*$/, { message: 'version must be a model version number such as "3"' })
  version?: string;

  @ApiPropertyOptional({
    // null reads as absent (nullAsAbsent)
    nullable: true,
    description: `why, recorded on the rolled-back run, its version and in training_runs (at most ${MAX_ROLLBACK_REASON} characters)`,
    maxLength: MAX_ROLLBACK_REASON,
    example: 'v4 overshoots realised volatility in the turbulent regime',
  })
  @IsOptional()
  @Transform(nullAsAbsent())
  @IsString()
  @MaxLength(MAX_ROLLBACK_REASON)
  reason?: string;
}

export class RollbackResponseDto implements RollbackOutcome {
  @ApiProperty({ example: true })
  success!: true;
  @ApiProperty({
    example: 'crypto-volatility-bilstm champion rolled back from version 4 to 3: v4 overshoots',
  })
  message!: string;
  @ApiProperty({ description: 'the champion now', example: '3' })
  model_version!: string;
  @ApiProperty({ description: 'the champion rolled back', example: '4' })
  previous_version!: string;
}
