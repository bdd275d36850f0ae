import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_CANDLE_WINDOW } from '@crypto/serving';
import {
  IsExchangeId,
  IsTimeframe,
  IsTradingPair,
  toExchangeId,
  toInteger,
  toSymbol,
} from './dto-validation';

/** The market of a request: SPEC §8 `symbol`, `exchange`, `timeframe`, with the prototype's defaults. */
export class MarketDto {
  @ApiProperty({
    description: 'Trading pair as `BTCUSDT`, `btc/usdt` or `BTC/USDT`; answered as `BTC/USDT`',
    default: 'BTCUSDT',
    example: 'BTCUSDT',
  })
  @Transform(toSymbol)
  @IsTradingPair()
  symbol: string = 'BTCUSDT';

  @ApiProperty({ description: 'ccxt exchange id', default: 'binance', example: 'binance' })
  @Transform(toExchangeId)
  @IsExchangeId()
  exchange: string = 'binance';

  @ApiProperty({ description: 'ccxt timeframe (`1m`, `5m`, `1h`, `1d`, …)', default: '1h', example: '1h' })
  @IsTimeframe()
  timeframe: string = '1h';
}

/** A market and how many of its latest closed candles to use. */
export class MarketQueryDto extends MarketDto {
  @ApiProperty({
    description: `closed candles to use, 1 … ${MAX_CANDLE_WINDOW}`,
    default: 200,
    minimum: 1,
    maximum: MAX_CANDLE_WINDOW,
    example: 200,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_CANDLE_WINDOW)
  @IsInt()
  limit: number = 200;
}
