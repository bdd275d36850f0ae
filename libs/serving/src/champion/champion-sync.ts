import { Logger } from '@nestjs/common';
import { ModelEventType, type ModelEventMessage } from '@crypto/messaging';
import { ModelLoadError, type ServingModel } from '@crypto/registry';

export interface ChampionSyncOptions {
  /** the registered model served: events about other models are ignored */
  modelName: string;
  /** first retry after a failed load, ms; doubles on each failure up to `retryMaxMs` */
  retryMinMs: number;
  retryMaxMs: number;
  /** read the alias again this often even without an event, ms (0: never) */
  checkIntervalMs: number;
  /** runs once before the first load (the TF.js backend); a failure is retried like a failed load */
  prepare?: () => Promise<unknown>;
}

/**
 * Keeps the served model on the version the alias names: loads it at start-up in the background (the boot
 * never waits for MLflow), again on a promotion event and on a periodic check, and retries a failed load
 * with exponential backoff until it succeeds, so serving recovers by itself when MLflow (or a loadable
 * champion) returns. `ServingModel.reload()` swaps only once the new model is ready and does nothing when the
 * version is unchanged, so a failed or redundant sync never disturbs the model being served.
 */
export class ChampionSync {
  private readonly logger = new Logger(ChampionSync.name);
  private retryTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private delayMs: number;
  private failures = 0;
  private lastFailure = '';
  private prepared: Promise<unknown> | undefined;
  private stopped = false;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly serving: Pick<ServingModel, 'reload' | 'info'>,
    private readonly options: ChampionSyncOptions,
  ) {
    this.delayMs = options.retryMinMs;
  }

  /** Starts the first load (not awaited by the caller's boot) and the periodic check. */
  start(): Promise<void> {
    if (this.options.checkIntervalMs > 0) {
      this.checkTimer = setInterval(() => void this.sync('periodic check'), this.options.checkIntervalMs);
      this.checkTimer.unref();
    }
    return this.sync('start-up');
  }

  /**
   * A `model-events` message: a promotion or a rollback of our model to a version that is not the one served
   * triggers a sync (which loads what the alias names, so a stale event never wins over the registry).
   */
  onEvent(event: ModelEventMessage): Promise<void> {
    if (event.model_name !== this.options.modelName) return Promise.resolve();
    if (event.version === this.serving.info?.model_version) return Promise.resolve();
    const what =
      event.type === ModelEventType.RolledBack
        ? `restored by a rollback from version ${event.previous_version ?? 'none'}${event.reason ? ` (${event.reason})` : ''}`
        : 'promoted';
    return this.sync(`${event.model_name} version ${event.version} ${what} (run ${event.run_id})`);
  }

  /**
   * Loads what the alias names now, after any sync already running; never throws. On failure a retry is
   * scheduled (the delay doubling up to the maximum); on success the delay starts again from the minimum.
   */
  sync(reason: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.current = this.current.then(() => this.attempt(reason));
    return this.current;
  }

  /** No more loads: timers cleared; a load already running finishes. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.checkTimer);
  }

  private async attempt(reason: string): Promise<void> {
    if (this.stopped) return;
    // a retry scheduled by the attempt before this one is this attempt
    clearTimeout(this.retryTimer);
    try {
      this.prepared ??= (this.options.prepare?.() ?? Promise.resolve()).catch((error: unknown) => {
        this.prepared = undefined;
        throw error;
      });
      await this.prepared;
      const result = await this.serving.reload();
      if (result.changed) {
        this.logger.log(
          `Serving ${result.info.model_name} version ${result.info.model_version} (${reason})` +
            (result.previous_version === null ? '' : `, was version ${result.previous_version}`),
        );
      }
      if (this.failures > 0 && !result.changed) {
        this.logger.log(`Model registry reachable again; still serving version ${result.info.model_version}`);
      }
      this.failures = 0;
      this.lastFailure = '';
      this.delayMs = this.options.retryMinMs;
    } catch (error) {
      this.failures++;
      const still = this.serving.info?.model_version;
      const retryIn = this.delayMs;
      this.delayMs = Math.min(this.delayMs * 2, this.options.retryMaxMs);
      const message = (error as Error).message;
      const line =
        `Loading ${this.options.modelName} failed (${reason}; attempt ${this.failures}): ${message}; ` +
        `${still === undefined ? 'no model is served' : `version ${still} is still served`}; retrying in ${retryIn} ms`;
      // the same failure again is a debug line: a platform with no champion yet would warn every minute
      if (message === this.lastFailure) this.logger.debug(line);
      else if (error instanceof ModelLoadError && error.code === 'NO_MODEL') this.logger.log(line);
      else this.logger.warn(line);
      this.lastFailure = message;
      if (this.stopped) return;
      this.retryTimer = setTimeout(() => void this.sync(`retry ${this.failures}`), retryIn);
      this.retryTimer.unref();
    }
  }
}
