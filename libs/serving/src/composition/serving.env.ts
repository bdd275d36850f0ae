import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import type { ServicesEnv } from '@crypto/config';
import { ModelAlias } from '@crypto/registry';

/** What an app's environment class must already have for {@link WithServingEnv}: the services and the model. */
type ServingBase = new (
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the TypeScript mixin pattern requires any[]
  ...args: any[]
) => ServicesEnv & { MODEL_NAME: string; MODEL_BACKEND?: 'tensorflow' | 'wasm' | 'cpu' };

/**
 * The settings of the serving composition ({@link ServingModule}), shared by every app that serves
 * signals and forecasts (gateway, gRPC server, stream consumer), added to the app's environment class.
 */
export function WithServingEnv<T extends ServingBase>(Base: T) {
  class ServingEnv extends Base {
    // --- data path and persistence (libs/serving/README.md) ---

    /** connections of the PostgreSQL pool */
    @IsInt()
    @Min(1)
    @Max(100)
    DATABASE_POOL_MAX: number = 10;

    /**
     * while the exchange fails, for how long after a market's candles were due for a refresh (the next candle
     * close) they may still be served, with their age; 0: never, the failure is answered (502 / UNAVAILABLE)
     */
    @IsInt()
    @Min(0)
    CANDLE_STALE_MAX_S: number = 300;

    /** most signal (or prediction) rows one group commit inserts */
    @IsInt()
    @Min(1)
    @Max(10_000)
    SIGNAL_WRITE_MAX_ROWS: number = 500;

    /** how long the first row of a group commit waits for company, ms (0: the rows of the same event-loop turn) */
    @IsInt()
    @Min(0)
    @Max(1_000)
    SIGNAL_WRITE_LINGER_MS: number = 0;

    /** bucket of the data-quality reports written by an ingestion */
    @IsString()
    QUALITY_REPORTS_BUCKET: string = 'quality-reports';

    // --- the champion (MODEL_NAME and MODEL_BACKEND: WithRegisteredModelEnv) ---

    /** alias of the version served */
    @IsNotEmpty()
    MODEL_ALIAS: string = ModelAlias.Champion;

    /** first retry after a failed champion load (MLflow down, no champion, bad files), ms; doubles up to the max */
    @IsInt()
    @Min(10)
    MODEL_RETRY_MIN_MS: number = 1_000;

    @IsInt()
    @Min(10)
    MODEL_RETRY_MAX_MS: number = 60_000;

    /** how often the alias is read again even without a model event (a missed Redis notice), s; 0: never */
    @IsInt()
    @Min(0)
    MODEL_CHECK_INTERVAL_S: number = 300;
  }
  return ServingEnv;
}

/** The settings {@link ServingModule} reads: an instance of any class built with {@link WithServingEnv}. */
export type ServingSettings = InstanceType<ReturnType<typeof WithServingEnv<ServingBase>>>;
