export type ModelArtifactErrorCode = 'MISSING_FILE' | 'CORRUPTED' | 'CHECKSUM_MISMATCH' | 'INCOMPATIBLE';

/** An artifact that cannot be loaded: missing file, corrupted bytes, wrong checksum, incompatible preprocessing. */
export class ModelArtifactError extends Error {
  constructor(
    readonly code: ModelArtifactErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelArtifactError';
  }
}
