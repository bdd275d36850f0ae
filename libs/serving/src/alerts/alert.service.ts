import type { AlertRecord, AlertRepository, TailOptions } from '@crypto/storage';

/** The alerts the stream has stored (table `alerts`), for the transports that read them back. */
export class AlertService {
  constructor(private readonly alerts: Pick<AlertRepository, 'tail'>) {}

  /** The `n` alerts of the latest candles, oldest first; `StorageError('UNAVAILABLE')` without PostgreSQL. */
  tail(n: number, options: TailOptions = {}): Promise<AlertRecord[]> {
    return this.alerts.tail(n, options);
  }
}
