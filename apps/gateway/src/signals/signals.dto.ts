import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_HORIZON_MIN } from '@crypto/serving';
import { IsTradingPair, toBoolean, toInteger, toSymbol } from '../market/dto-validation';
import { MarketQueryDto, SYMBOL_PATTERN } from '../market/market-query.dto';

export const MAX_TAIL = 1000;

/** SPEC §8 `POST /v1/crypto/signal` body. */
export class SignalRequestDto extends MarketQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `horizon the signal is read for, minutes (recorded with it), 1 … ${MAX_HORIZON_MIN}`,
    default: 60,
    minimum: 1,
    maximum: MAX_HORIZON_MIN,
    example: 60,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_HORIZON_MIN)
  @IsInt()
  horizon_min: number = 60;

  @ApiPropertyOptional({
    description: 'answer the features the signal came from',
    default: false,
    example: true,
  })
  @Transform(toBoolean)
  @IsBoolean()
  explain: boolean = false;
}

/** SPEC §8 `POST /v1/crypto/ml-signal` body. */
export class MlSignalRequestDto extends MarketQueryDto {
  @ApiPropertyOptional({
    description: 'answer the heuristic of the same candles beside the forecast',
    default: true,
    example: true,
  })
  @Transform(toBoolean)
  @IsBoolean()
  include_heuristic: boolean = true;
}

/** SPEC §8 `GET …/tail` query. */
export class TailQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `how many of the latest, 1 … ${MAX_TAIL}`,
    default: 5,
    minimum: 1,
    maximum: MAX_TAIL,
    example: 5,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_TAIL)
  @IsInt()
  n: number = 5;

  @ApiPropertyOptional({ description: 'only this trading pair', example: 'BTCUSDT', pattern: SYMBOL_PATTERN })
  @IsOptional()
  @Transform(toSymbol)
  @IsTradingPair()
  symbol?: string;
}
