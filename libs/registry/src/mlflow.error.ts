/** A failed MLflow call: its REST `error_code` (e.g. RESOURCE_DOES_NOT_EXIST), HTTP status and message. */
export class MlflowError extends Error {
  constructor(
    readonly errorCode: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MlflowError';
  }

  get isNotFound(): boolean {
    // the artifact proxy answers a missing file with a 500 that quotes the store's NoSuchKey
    return (
      this.errorCode === 'RESOURCE_DOES_NOT_EXIST' ||
      this.status === 404 ||
      /\(NoSuchKey\)/.test(this.message)
    );
  }
}
