import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { MarketSeries } from '@crypto/serving';
import { toInteger } from './dto-validation';
import { MarketDto } from './market-query.dto';
import { MarketAnswerDto } from './market.responses';

/** Candles a series answers at most: a chart's worth, and the report's figures per candle stay cheap. */
export const MAX_SERIES_CANDLES = 500;

/** `GET /v1/crypto/series`: a market and how many of its latest closed candles to chart. */
export class MarketSeriesQueryDto extends MarketDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `closed candles answered, 1 … ${MAX_SERIES_CANDLES}`,
    default: 200,
    minimum: 1,
    maximum: MAX_SERIES_CANDLES,
    example: 200,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_SERIES_CANDLES)
  @IsInt()
  limit: number = 200;
}

export class MarketSeriesPointDto {
  @ApiProperty({ description: 'candle open time, epoch ms', example: 1759766400000 })
  ts!: number;
  @ApiProperty({ example: 123456.78 })
  close!: number;
  @ApiProperty({ type: Number, nullable: true, description: '24-candle return volatility', example: 0.0041 })
  vol24!: number | null;
  @ApiProperty({ description: 'SPEC §5 heuristic risk score on this candle, 0 … 1', example: 0.42 })
  risk_score!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'the latest ML forecast served for this candle (stored predictions); null when none was',
    example: 0.0046,
  })
  ml_forecast!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'the version that made it', example: '3' })
  model_version!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'realised volatility of the `horizon` returns after the candle; null until all are known',
    example: 0.0039,
  })
  realised_vol!: number | null;
}

export class MarketSeriesResponseDto extends MarketAnswerDto {
  @ApiProperty({
    description: "H: the returns a forecast is about (the champion's, 24 while none is served)",
    example: 24,
  })
  horizon!: number;
  @ApiProperty({ type: [MarketSeriesPointDto], description: 'oldest first' })
  points!: MarketSeriesPointDto[];
}

export const toMarketSeriesResponse = (series: MarketSeries): MarketSeriesResponseDto => ({
  ...series.market,
  horizon: series.horizon,
  points: series.points,
});
