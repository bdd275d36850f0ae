/** Why a report could not be made or served (STYLE §6: each transport maps the code once). */
export type ReportingErrorCode = 'INVALID_DATE' | 'NO_REPORT';

export class ReportingError extends Error {
  override name = 'ReportingError';

  constructor(
    readonly code: ReportingErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
