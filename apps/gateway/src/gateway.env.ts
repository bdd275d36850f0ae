import { IsIn, IsInt, IsNumber, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { ServicesEnv } from '@crypto/config';
import { WithServingEnv } from '@crypto/serving';
import { WithModelLifecycleEnv } from '@crypto/training';

/**
 * The gateway's settings: the service addresses (`ServicesEnv`), the model and training-queue settings it shares
 * with the trainer (`WithModelLifecycleEnv`: MODEL_NAME, MODEL_BACKEND, TRAINING_QUEUE_PREFIX, TRAINING_ATTEMPTS,
 * TRAINING_BACKOFF_MS), the serving settings every serving app shares (`WithServingEnv`: the pool, the candle
 * data path, group commit, the champion's alias and reload timings), and its own below.
 */
export class GatewayEnv extends WithServingEnv(WithModelLifecycleEnv(ServicesEnv)) {
  @IsString()
  HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 8800;

  // --- logs (apps/gateway/README.md "Logs") ---

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  // --- protection (apps/gateway/README.md "Protection") ---

  /** secret: comma-separated keys accepted in `X-API-Key` on admin operations; empty refuses them all */
  @IsString()
  ADMIN_API_KEYS: string = '';

  /** requests allowed per client IP and window, shared by every replica through Redis; 0 turns limiting off */
  @IsInt()
  @Min(0)
  RATE_LIMIT_POINTS: number = 600;

  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_S: number = 60;

  /** Redis key prefix of the rate-limit counters: replicas sharing it share the limit */
  @IsString()
  RATE_LIMIT_PREFIX: string = 'gateway:rate-limit';

  /** largest request body accepted, bytes (413 above) */
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES: number = 1_048_576;

  /** deepest nesting of objects and arrays a JSON body may have (400 above), checked before validation */
  @IsInt()
  @Min(2)
  @Max(10_000)
  BODY_MAX_DEPTH: number = 64;

  /** comma-separated origins allowed by CORS, `*` for any; empty: same-origin only */
  @IsString()
  CORS_ORIGINS: string = '';

  /** trust `X-Forwarded-For` from a proxy in front (the rate limit then keys on the client's address) */
  @IsIn(['true', 'false'])
  TRUST_PROXY: string = 'false';

  // --- GraphQL (apps/gateway/README.md "GraphQL") ---

  /** deepest selection nesting accepted (introspection excluded) */
  @IsInt()
  @Min(2)
  GRAPHQL_MAX_DEPTH: number = 8;

  /** most fields one operation may select (each field costs 1) */
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COMPLEXITY: number = 500;

  // --- observability (apps/gateway/README.md "Observability") ---

  /** how long `/health/detailed` waits for each dependency */
  @IsInt()
  @Min(50)
  @Max(30_000)
  HEALTH_PROBE_TIMEOUT_MS: number = 2_000;

  // --- what GET /v1/platform/services (the dashboard's services page) asks and links to ---

  /** the other apps' ops `/health`, `name=url` comma-separated (the ports scripts/apps.sh starts them on) */
  @Matches(/^(\s*[\w-]+=https?:\/\/[^,\s]+\s*)(,\s*[\w-]+=https?:\/\/[^,\s]+\s*)*$|^$/, {
    message: 'PLATFORM_APPS must be name=http://host:port/health pairs separated by commas',
  })
  PLATFORM_APPS: string =
    'grpc-server=http://127.0.0.1:9101/health,stream-producer=http://127.0.0.1:9102/health,' +
    'stream-consumer=http://127.0.0.1:9103/health,trainer=http://127.0.0.1:9104/health';

  @IsUrl({ require_tld: false })
  PROMETHEUS_URL: string = 'http://127.0.0.1:9090';

  /** where a browser opens the MinIO console (the S3 endpoint serves no UI) */
  @IsUrl({ require_tld: false })
  MINIO_CONSOLE_URL: string = 'http://127.0.0.1:9001';

  // --- live forecast monitoring (GET /v1/ml/monitoring) ---

  /** how often the champion's live scores are brought up to date, s; 0 turns the monitoring off */
  @IsInt()
  @Min(0)
  @Max(86_400)
  MONITOR_INTERVAL_S: number = 60;

  /** the markets the champion is scored on, `exchange:BASE/QUOTE@timeframe` comma-separated */
  @Matches(/^\s*[a-z0-9]+:[A-Z0-9]+\/[A-Z0-9]+@\w+\s*(,\s*[a-z0-9]+:[A-Z0-9]+\/[A-Z0-9]+@\w+\s*)*$/, {
    message: 'MONITOR_MARKETS must be exchange:BASE/QUOTE@timeframe entries separated by commas',
  })
  MONITOR_MARKETS: string = 'binance:BTC/USDT@1h';

  /** the rolling windows, days; the first is the one degradation is judged on */
  @Matches(/^\s*[1-9]\d*\s*(,\s*[1-9]\d*\s*)*$/, {
    message: 'MONITOR_WINDOWS_DAYS must be whole numbers of days separated by commas',
  })
  MONITOR_WINDOWS_DAYS: string = '7,30';

  /** degraded when the live QLIKE exceeds HAR-RV's by more than this fraction */
  @IsNumber()
  @Min(-1)
  @Max(10)
  MONITOR_DEGRADED_MARGIN: number = 0.1;

  /** fewest scored origins before the judged window can call the champion degraded */
  @IsInt()
  @Min(1)
  MONITOR_MIN_ORIGINS: number = 48;

  /** roll the champion back by itself when it is degraded */
  @IsIn(['true', 'false'])
  AUTO_ROLLBACK: string = 'false';
}
