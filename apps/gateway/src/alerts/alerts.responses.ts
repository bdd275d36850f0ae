import { ApiProperty } from '@nestjs/swagger';
import type { AlertType } from '@crypto/messaging';

// Swagger shape of a stored alert: the SPEC §8 `alerts` message, with its timeframe.

// a record, so that the compiler names a type missing here
const ALERT_TYPES = Object.keys({
  price_change_24h: true,
  high_volatility: true,
  rsi_overbought: true,
  rsi_oversold: true,
  regime_change: true,
  model_degraded: true,
} satisfies Record<AlertType, true>);

export class AlertDto {
  @ApiProperty({ enum: ALERT_TYPES, example: 'high_volatility' })
  type!: string;
  @ApiProperty({ example: 'BTC/USDT' })
  symbol!: string;
  @ApiProperty({ example: '1h' })
  timeframe!: string;
  @ApiProperty({
    description:
      "what crossed: the signed 24 h change as a fraction, vol24, rsi14, or the champion's live QLIKE",
    example: 0.0182,
  })
  value!: number;
  @ApiProperty({ description: 'the boundary it crossed', example: 0.015 })
  threshold!: number;
  @ApiProperty({ enum: ['info', 'warning', 'high'], example: 'high' })
  severity!: string;
  @ApiProperty({ example: 'BTC/USDT 1h: vol24 0.0182 entered the turbulent regime (≥ 0.015)' })
  message!: string;
  @ApiProperty({ description: 'when the alert was produced, epoch ms UTC', example: 1759770001234 })
  timestamp!: number;
  @ApiProperty({ description: 'open time of the candle it is about, epoch ms UTC', example: 1759766400000 })
  ts!: number;
}
