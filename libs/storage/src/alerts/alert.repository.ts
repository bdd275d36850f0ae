import type { Pool } from 'pg';
import { asStorageError } from '../database/pg-errors';
import type { TailOptions } from '../signals/signal.types';

/**
 * An alert as stored (table `alerts`): the SPEC §8 alert message with its market's timeframe, the fields
 * named as in the message, so the stream's alerts are saved as they are published.
 */
export interface AlertRecord {
  /** `price_change_24h`, `high_volatility`, `rsi_overbought`, `rsi_oversold` or `regime_change` */
  type: string;
  /** ccxt unified, `BTC/USDT` */
  symbol: string;
  timeframe: string;
  value: number;
  threshold: number;
  /** `info`, `warning` or `high` */
  severity: string;
  message: string;
  /** when the alert was produced, epoch ms */
  timestamp: number;
  /** open time of the candle it is about, epoch ms */
  ts: number;
}

// produced_at is the record's `timestamp`; bigint `ts` arrives as text
type AlertRow = Omit<AlertRecord, 'timestamp' | 'ts'> & { produced_at: Date; ts: string };

// unnest() turns the nine arrays into rows, one statement whatever the batch; WITH ORDINALITY keeps the
// batch order in the identity ids, the tie-break of the tail. The produced time comes as epoch ms, exact.
const INSERT_SQL = `
INSERT INTO alerts (type, symbol, timeframe, value, threshold, severity, message, produced_at, ts)
SELECT u.type, u.symbol, u.timeframe, u.value, u.threshold, u.severity, u.message,
       timestamptz 'epoch' + u.produced_ms * interval '1 millisecond', u.ts
FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[],
            $8::bigint[], $9::bigint[]) WITH ORDINALITY
  AS u (type, symbol, timeframe, value, threshold, severity, message, produced_ms, ts, n)
ORDER BY u.n
ON CONFLICT (symbol, timeframe, type, ts) DO NOTHING`;

const COLUMNS = 'type, symbol, timeframe, value, threshold, severity, message, produced_at, ts';

const toRecord = ({ produced_at, ts, ...row }: AlertRow): AlertRecord => ({
  ...row,
  timestamp: produced_at.getTime(),
  // epoch ms stays far below 2^53
  ts: Number(ts),
});

/** Alerts in PostgreSQL (table `alerts`), one per (symbol, timeframe, type, candle ts). */
export class AlertRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Stores alerts in one statement; an alert already stored (same symbol, timeframe, type and ts: a
   * redelivered batch) is left as it is. Resolves to how many were new. A row the table refuses (unknown
   * type or severity, a missing field) fails the whole batch, storing none of it;
   * `StorageError('UNAVAILABLE')` when PostgreSQL is not there.
   */
  async saveMany(alerts: readonly AlertRecord[]): Promise<number> {
    if (alerts.length === 0) return 0;
    const column = <V>(value: (alert: AlertRecord) => V): V[] => alerts.map(value);
    const result = await this.pool
      .query(INSERT_SQL, [
        column((a) => a.type),
        column((a) => a.symbol),
        column((a) => a.timeframe),
        column((a) => a.value),
        column((a) => a.threshold),
        column((a) => a.severity),
        column((a) => a.message),
        column((a) => a.timestamp),
        column((a) => a.ts),
      ])
      .catch((error: unknown) => {
        throw asStorageError(error, 'store alerts');
      });
    return result.rowCount ?? 0;
  }

  /** The `n` alerts of the latest candles (by candle ts, then as stored), oldest first. */
  async tail(n: number, { symbol }: TailOptions = {}): Promise<AlertRecord[]> {
    const { rows } = await this.pool
      .query<AlertRow>(
        `SELECT ${COLUMNS} FROM alerts ${symbol === undefined ? '' : 'WHERE symbol = $2'}
         ORDER BY ts DESC, id DESC LIMIT $1`,
        symbol === undefined ? [n] : [n, symbol],
      )
      .catch((error: unknown) => {
        throw asStorageError(error, 'read alerts');
      });
    return rows.reverse().map(toRecord);
  }
}
