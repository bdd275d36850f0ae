export type StorageErrorCode = 'MIGRATION_FAILED' | 'NOT_FOUND' | 'UNAVAILABLE';

/** A storage failure with a code each transport maps once to its own status (STYLE §6). */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}
