import type { Pool } from 'pg';
import type { MarketKey } from '@crypto/candles';
import { asStorageError, type AlertRecord } from '@crypto/storage';
import type { DayRows, ReportedPrediction, ReportedSignal } from '../daily-report';
import type { ReportDay } from '../report-day';

// A served row belongs to the day of the candle it was computed from; one without a candle time to the day
// it was served. Epoch ms throughout, as candle_ts.
const OF_THE_DAY = `symbol = $1 AND exchange = $2 AND timeframe = $3
  AND coalesce(candle_ts, (extract(epoch FROM created_at) * 1000)::bigint) >= $4
  AND coalesce(candle_ts, (extract(epoch FROM created_at) * 1000)::bigint) < $5`;

interface Counted {
  total: number;
}

type SignalRow = Omit<ReportedSignal, 'created_at' | 'candle_ts'> &
  Counted & { created_at: Date; candle_ts: string | null };
type PredictionRow = Omit<ReportedPrediction, 'created_at' | 'candle_ts'> &
  Counted & { created_at: Date; candle_ts: string | null };
type AlertRow = Omit<AlertRecord, 'timestamp' | 'ts'> & { produced_at: Date; ts: string };

// bigint arrives as text; epoch ms stays far below 2^53
const epochMs = (value: string | null): number | null => (value === null ? null : Number(value));

const dayRows = <Row extends Counted, T>(rows: Row[], map: (row: Row) => T): DayRows<T> => ({
  count: rows[0]?.total ?? 0,
  latest: rows.reverse().map(map),
});

/**
 * What a market served and raised during one day, read from PostgreSQL for the daily report: the signals and
 * ML predictions of the day's candles (a count and the latest) and the day's alerts.
 * The storage repositories read only the latest rows; a report needs a day's.
 */
export class DailyActivityRepository {
  constructor(private readonly pool: Pool) {}

  async signals(market: MarketKey, day: ReportDay, latest: number): Promise<DayRows<ReportedSignal>> {
    const rows = await this.query<SignalRow>(
      'read the signals of the day',
      `SELECT created_at, candle_ts, risk_score, vol, vol_regime, method, count(*) OVER ()::int AS total
       FROM signals WHERE ${OF_THE_DAY} ORDER BY created_at DESC, id DESC LIMIT $6`,
      [...this.params(market, day), latest],
    );
    return dayRows(rows, ({ total: _, ...row }) => ({
      ...row,
      created_at: row.created_at.getTime(),
      candle_ts: epochMs(row.candle_ts),
    }));
  }

  async predictions(market: MarketKey, day: ReportDay, latest: number): Promise<DayRows<ReportedPrediction>> {
    const rows = await this.query<PredictionRow>(
      'read the ML predictions of the day',
      `SELECT created_at, candle_ts, model_version, prediction, current_volatility, volatility_regime,
              risk_level, confidence, count(*) OVER ()::int AS total
       FROM ml_predictions WHERE ${OF_THE_DAY} ORDER BY created_at DESC, id DESC LIMIT $6`,
      [...this.params(market, day), latest],
    );
    return dayRows(rows, ({ total: _, ...row }) => ({
      ...row,
      created_at: row.created_at.getTime(),
      candle_ts: epochMs(row.candle_ts),
    }));
  }

  /** Alerts about the day's candles, in candle order (alerts carry no exchange: the symbol's, on any). */
  async alerts(market: MarketKey, day: ReportDay): Promise<AlertRecord[]> {
    const rows = await this.query<AlertRow>(
      'read the alerts of the day',
      `SELECT type, symbol, timeframe, value, threshold, severity, message, produced_at, ts FROM alerts
       WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $4 ORDER BY ts, id`,
      [market.symbol, market.timeframe, day.from, day.to],
    );
    return rows.map(({ produced_at, ts, ...row }) => ({
      ...row,
      timestamp: produced_at.getTime(),
      ts: Number(ts),
    }));
  }

  private params(market: MarketKey, day: ReportDay): unknown[] {
    return [market.symbol, market.exchange, market.timeframe, day.from, day.to];
  }

  private async query<Row extends object>(what: string, sql: string, params: unknown[]): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (error) {
      throw asStorageError(error, what);
    }
  }
}
