import { ApiProperty } from '@nestjs/swagger';

// Swagger shapes of the market answers (SPEC §8); examples from the recorded BTC/USDT 1h file.

/** The market an answer is about. */
export class MarketAnswerDto {
  @ApiProperty({ example: 'BTC/USDT' })
  symbol!: string;
  @ApiProperty({ example: 'binance' })
  exchange!: string;
  @ApiProperty({ example: '1h' })
  timeframe!: string;
}

/** …and the closed candles asked for and used. */
export class CandleWindowAnswerDto extends MarketAnswerDto {
  @ApiProperty({ description: 'candles asked for', example: 200 })
  limit!: number;
  @ApiProperty({ description: 'candles used (fewer when the exchange has less history)', example: 200 })
  rows!: number;
}

export class CandleRowDto {
  @ApiProperty({ description: 'candle open time, epoch ms UTC', example: 1759766400000 })
  ts!: number;
  @ApiProperty({ example: 125000.0 })
  open!: number;
  @ApiProperty({ example: 125499.63 })
  high!: number;
  @ApiProperty({ example: 124800.0 })
  low!: number;
  @ApiProperty({ example: 125455.24 })
  close!: number;
  @ApiProperty({ description: 'base-asset volume', example: 911.48586 })
  volume!: number;
  @ApiProperty({ description: 'open time, ISO-8601 UTC', example: '2025-10-06T16:00:00.000Z' })
  time!: string;
}

export class OhlcvResponseDto extends CandleWindowAnswerDto {
  @ApiProperty({ type: [CandleRowDto], description: 'closed candles, oldest first' })
  data!: CandleRowDto[];
}

export class PriceRowDto extends CandleRowDto {
  @ApiProperty({ description: 'false for the candle still open when it was stored', example: true })
  final!: boolean;
}

export class PricesResponseDto extends MarketAnswerDto {
  @ApiProperty({ description: 'candles asked for', example: 5 })
  n!: number;
  @ApiProperty({ description: 'candles answered (what is stored)', example: 5 })
  rows!: number;
  @ApiProperty({ type: [PriceRowDto], description: 'the latest stored candles, oldest first' })
  data!: PriceRowDto[];
}

export class IndicatorRowDto {
  @ApiProperty({ example: 1759766400000 })
  ts!: number;
  @ApiProperty({ example: '2025-10-06T16:00:00.000Z' })
  time!: string;
  @ApiProperty({ example: 125455.24 })
  close!: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.003648, description: 'close / previous close − 1' })
  ret!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.004117, description: 'std of ret over 24 candles' })
  vol24!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 124512.3 })
  sma12!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 123780.9 })
  sma48!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 61.4 })
  rsi14!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 125890.1 })
  bb_upper!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 123120.7 })
  bb_lower!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.0121 })
  momentum_12!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.0208 })
  momentum_24!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 6.8166 })
  log_volume!: number | null;
}

export class IndicatorsResponseDto extends CandleWindowAnswerDto {
  @ApiProperty({ type: IndicatorRowDto, description: 'SPEC §5 features of the last closed candle' })
  latest!: IndicatorRowDto;
  @ApiProperty({
    type: [IndicatorRowDto],
    description: 'the last `tail` rows, oldest first, ending with `latest`',
  })
  tail!: IndicatorRowDto[];
}
