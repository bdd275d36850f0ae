export type TrainingErrorCode =
  /** a field of the request is wrong (HTTP 400/422) */
  | 'INVALID_REQUEST'
  /** another training of the same market is queued or running (HTTP 409) */
  | 'ALREADY_RUNNING'
  /** no candles, or too few for the model's windows and splits */
  | 'INSUFFICIENT_DATA'
  /** the candles failed the data-quality checks (not retried: the data will not change) */
  | 'QUALITY_FAILED'
  /** no such training job or model version (HTTP 404) */
  | 'NOT_FOUND'
  /** a rollback that cannot be done: no champion, no earlier champion, or the version is the champion (409) */
  | 'ROLLBACK_REFUSED'
  /** a promotion held the model's champion for longer than the rollback waits (409): try again */
  | 'CHAMPION_BUSY'
  /** Redis, which holds the champion lock, did not answer; nothing was changed (HTTP 503) */
  | 'CHAMPION_LOCK_UNAVAILABLE'
  /** the model registry (MLflow) did not answer (HTTP 503) */
  | 'REGISTRY_UNAVAILABLE';

/** A training failure with a code each transport maps once to its status (STYLE §6). */
export class TrainingError extends Error {
  constructor(
    readonly code: TrainingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TrainingError';
  }

  /** Failures a retry cannot fix: the flow fails at once instead of backing off. */
  get permanent(): boolean {
    return this.code !== 'ALREADY_RUNNING';
  }
}
