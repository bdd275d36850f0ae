import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInteger } from './dto-validation';
import { MarketDto, MarketQueryDto } from './market-query.dto';

export const MAX_INDICATOR_TAIL = 100;
export const MAX_PRICES = 1000;

export class IndicatorsQueryDto extends MarketQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `rows of recent history answered besides the latest, 1 … ${MAX_INDICATOR_TAIL}`,
    default: 5,
    minimum: 1,
    maximum: MAX_INDICATOR_TAIL,
    example: 5,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_INDICATOR_TAIL)
  @IsInt()
  tail: number = 5;
}

export class PricesQueryDto extends MarketDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `stored candles to answer, 1 … ${MAX_PRICES}`,
    default: 5,
    minimum: 1,
    maximum: MAX_PRICES,
    example: 5,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_PRICES)
  @IsInt()
  n: number = 5;
}
