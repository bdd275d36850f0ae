import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServicesEnv } from '@crypto/config';
import { Topic } from '@crypto/messaging';
import { WithRegisteredModelEnv } from '@crypto/registry';
import { WithServingEnv } from '@crypto/serving';

/**
 * The gRPC server's settings: the service addresses, the model served (`WithRegisteredModelEnv`), the serving
 * settings every serving app shares (`WithServingEnv`), and its own transport settings below.
 */
export class GrpcServerEnv extends WithServingEnv(WithRegisteredModelEnv(ServicesEnv)) {
  @IsString()
  GRPC_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  GRPC_PORT: number = 50051;

  @IsInt()
  @Min(0)
  @Max(65535)
  override METRICS_PORT: number = 9101;

  /** largest request accepted, bytes (RESOURCE_EXHAUSTED above) */
  @IsInt()
  @Min(1024)
  GRPC_MAX_RECEIVE_MESSAGE_BYTES: number = 1_048_576;

  /** largest answer sent, bytes (1,000 candles are about 60 KB) */
  @IsInt()
  @Min(1024)
  GRPC_MAX_SEND_MESSAGE_BYTES: number = 4_194_304;

  /** a keepalive ping to each idle client this often, ms, so dead connections (and their streams) are found */
  @IsInt()
  @Min(1_000)
  GRPC_KEEPALIVE_TIME_MS: number = 30_000;

  /** a client that does not answer the ping within this is dropped, ms */
  @IsInt()
  @Min(100)
  GRPC_KEEPALIVE_TIMEOUT_MS: number = 10_000;

  /** at shutdown, how long calls in flight may finish before the rest are cancelled, ms */
  @IsInt()
  @Min(0)
  @Max(120_000)
  GRPC_SHUTDOWN_GRACE_MS: number = 10_000;

  /** how often PostgreSQL is probed for the standard health service, ms */
  @IsInt()
  @Min(100)
  GRPC_HEALTH_PROBE_INTERVAL_MS: number = 5_000;

  /** the topic of the live ticks StreamPrices fans out (tests use one of their own) */
  @IsString()
  STREAM_PRICES_TOPIC: string = Topic.Prices;

  /** the exchange and timeframe whose latest closed candle gives StreamPrices its volatility and regime */
  @IsString()
  STREAM_EXCHANGE: string = 'binance';

  @IsString()
  STREAM_TIMEFRAME: string = '1h';
}
