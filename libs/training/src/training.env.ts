import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { ServicesEnv } from '@crypto/config';
import { WithRegisteredModelEnv, type EnvClass } from '@crypto/registry';

// booleans stay 'true' / 'false' strings: implicit conversion would read the string "false" as true

/**
 * The settings every process that queues training flows or serves the model they promote must agree on
 * (the trainer, `pnpm cli train`, the gateway): the registered model (`WithRegisteredModelEnv`) and the
 * training queue.
 */
export function WithModelLifecycleEnv<T extends EnvClass>(Base: T) {
  class ModelLifecycleEnv extends WithRegisteredModelEnv(Base) {
    /** BullMQ key prefix of the training queue: whoever queues a flow and the worker must share it */
    @IsNotEmpty()
    TRAINING_QUEUE_PREFIX: string = 'bull';

    /** attempts per step; retries back off exponentially from TRAINING_BACKOFF_MS */
    @IsInt()
    @Min(1)
    @Max(20)
    TRAINING_ATTEMPTS: number = 3;

    @IsInt()
    @Min(0)
    TRAINING_BACKOFF_MS: number = 30_000;
  }
  return ModelLifecycleEnv;
}

/** Settings of the training pipeline (SPEC §7), shared by the trainer app and `pnpm cli train`. */
export class TrainingEnv extends WithModelLifecycleEnv(ServicesEnv) {
  /** cron pattern (UTC) of the scheduled training */
  @IsString()
  TRAINING_CRON: string = '0 */6 * * *';

  /** comma-separated symbols the schedule trains; `none`: no schedule (an empty value means the default) */
  @IsString()
  TRAINING_SYMBOLS: string = 'BTC/USDT';

  @IsNotEmpty()
  TRAINING_EXCHANGE: string = 'binance';

  @IsNotEmpty()
  TRAINING_TIMEFRAME: string = '1h';

  /** epochs of scheduled runs (default: the model lib's) */
  @IsOptional()
  @IsInt()
  @Min(1)
  TRAINING_EPOCHS?: number;

  /**
   * BullMQ job lock (renewed every half of it; TF.js runs on threads of its own, so the event loop is free
   * to): a trainer killed mid-step has its step run again about this long, plus a stalled check, after
   */
  @IsInt()
  @Min(10_000)
  TRAINING_JOB_LOCK_MS: number = 30_000;

  /** fetch the latest candles from the exchange before training (else: the stored ones only) */
  @IsIn(['true', 'false'])
  TRAINING_REFRESH_CANDLES: string = 'true';

  /** the candidate must beat HAR-RV too to become champion (SPEC §6) */
  @IsIn(['true', 'false'])
  PROMOTION_REQUIRE_HAR: string = 'false';

  /** git sha recorded on every run; default: `git rev-parse HEAD` when the checkout has one */
  @IsOptional()
  @IsString()
  GIT_SHA?: string;
}

export const trainingSymbols = (env: Pick<TrainingEnv, 'TRAINING_SYMBOLS'>): string[] =>
  env.TRAINING_SYMBOLS.trim().toLowerCase() === 'none'
    ? []
    : env.TRAINING_SYMBOLS.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
