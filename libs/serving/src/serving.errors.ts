export type ModelUnavailableCode =
  /** no model is loaded (none promoted yet, or loading failed) */
  | 'NO_MODEL'
  /** this process has no model source wired (no registry configured) */
  | 'NO_MODEL_SOURCE'
  /** loading the champion again failed; the model served before (if any) stays */
  | 'RELOAD_FAILED';

/** The ML use cases cannot answer: no model is being served. Transports map it to 503 / UNAVAILABLE. */
export class ModelUnavailableError extends Error {
  constructor(
    readonly code: ModelUnavailableCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelUnavailableError';
  }
}
