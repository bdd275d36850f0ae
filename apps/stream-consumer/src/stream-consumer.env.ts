import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { ServicesEnv } from '@crypto/config';
import { Topic } from '@crypto/messaging';
import { WithRegisteredModelEnv } from '@crypto/registry';
import { WithServingEnv } from '@crypto/serving';

/** The stream consumer's settings: the serving composition's (the champion, the store), and its topics. */
export class StreamConsumerEnv extends WithServingEnv(WithRegisteredModelEnv(ServicesEnv)) {
  @IsInt()
  @Min(0)
  @Max(65535)
  override METRICS_PORT: number = 9103;

  /** tests use topics of their own */
  @IsString()
  STREAM_PRICES_TOPIC: string = Topic.Prices;

  @IsString()
  STREAM_PREDICTIONS_TOPIC: string = Topic.Predictions;

  @IsString()
  STREAM_ALERTS_TOPIC: string = Topic.Alerts;

  /** replicas in the same group share the partitions of the prices topic */
  @IsString()
  @IsNotEmpty()
  STREAM_CONSUMER_GROUP: string = 'stream-consumer';

  /** the exchange the streamed markets are stored under (their warm-up history) */
  @IsString()
  STREAM_EXCHANGE: string = 'binance';
}
