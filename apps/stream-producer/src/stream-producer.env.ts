import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { ServicesEnv } from '@crypto/config';
import { Topic } from '@crypto/messaging';

/** The stream producer's settings; the source (live or replay) and the recordings come from MarketDataEnv. */
export class StreamProducerEnv extends ServicesEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override METRICS_PORT: number = 9102;

  /** the topic ticks and candles go to (tests use one of their own) */
  @IsString()
  STREAM_PRICES_TOPIC: string = Topic.Prices;

  /** the exchange the markets are traded on: the live source's, and the key the candles are stored under */
  @IsString()
  STREAM_EXCHANGE: string = 'binance';

  /** `SYMBOL@TIMEFRAME`, comma-separated; empty: the markets of RECORDED_MARKETS */
  @IsString()
  STREAM_MARKETS: string = '';

  /** a replay starts again when the recording is over, its times shifted past the previous lap */
  @IsIn(['true', 'false'])
  REPLAY_LOOP: string = 'true';

  /** ticks derived inside each replayed candle (its OHLC path), published before the candle */
  @IsInt()
  @Min(1)
  @Max(1000)
  REPLAY_TICKS_PER_CANDLE: number = 4;

  /** first wait after a failed publish or a lost exchange, ms (doubles up to 30 s) */
  @IsInt()
  @Min(10)
  STREAM_RETRY_MS: number = 500;
}
