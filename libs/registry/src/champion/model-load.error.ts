export type ModelLoadErrorCode =
  /** the alias names no version (nothing promoted yet) */
  | 'NO_MODEL'
  /** MLflow (or the artifact store behind it) did not answer */
  | 'REGISTRY_UNAVAILABLE'
  /** files missing, corrupted, wrong checksum or incompatible preprocessing */
  | 'BAD_ARTIFACT';

/** Loading a registered model failed; nothing was half-loaded and the serving model (if any) stays. */
export class ModelLoadError extends Error {
  constructor(
    readonly code: ModelLoadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}
