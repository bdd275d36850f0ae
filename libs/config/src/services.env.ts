import { IsIn, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min } from 'class-validator';

const url = { require_tld: false, protocols: ['http', 'https'] };

/**
 * Where the real services are (SPEC §3). Defaults are the native development addresses; the Docker path
 * and CI override them through the environment. Secrets are marked: never log them.
 */
export class ServicesEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: string = 'development';

  /** secret: contains the password */
  @IsNotEmpty()
  @IsString()
  DATABASE_URL: string = 'postgres://crypto:crypto@127.0.0.1:5432/crypto';

  @IsNotEmpty()
  @IsString()
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** comma-separated host:port list */
  @IsNotEmpty()
  @IsString()
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @IsString()
  KAFKA_CLIENT_ID: string = 'crypto-platform';

  @IsUrl(url)
  MINIO_ENDPOINT: string = 'http://127.0.0.1:9000';

  @IsNotEmpty()
  MINIO_ACCESS_KEY: string = 'minioadmin';

  /** secret */
  @IsNotEmpty()
  MINIO_SECRET_KEY: string = 'minioadmin';

  @IsUrl(url)
  MLFLOW_TRACKING_URI: string = 'http://127.0.0.1:5000';

  @IsNotEmpty()
  MLFLOW_EXPERIMENT_NAME: string = 'crypto-volatility';

  /** where the ops endpoint (/metrics, /health) listens; 0.0.0.0 inside containers */
  @IsString()
  METRICS_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = 9100;
}

export const kafkaBrokerList = (env: Pick<ServicesEnv, 'KAFKA_BROKERS'>): string[] =>
  env.KAFKA_BROKERS.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
