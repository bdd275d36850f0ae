import type { Candle, MarketKey } from '@crypto/candles';
import type { Pool, PoolClient } from 'pg';

/** A candle as stored: `isFinal` once it had closed when ingested. */
export interface StoredCandle extends Candle {
  isFinal: boolean;
}

/** What an upsert did: rows new, provisional rows rewritten, rows left as they were (re-ingestion). */
export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface CandleReadOptions {
  /** include the provisional (still open) candle; default false: closed candles only (SPEC §4) */
  includeProvisional?: boolean;
  /** only candles opened before this time (epoch ms, exclusive): the history before a streamed candle */
  before?: number;
}

interface CandleRow {
  ts: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  is_final: boolean;
}

// Rows per INSERT: bounds the size of one statement's arrays; all batches share one transaction.
const BATCH_SIZE = 10_000;

// unnest() turns seven array parameters into rows: one multi-row INSERT per batch, whatever its size, with
// no 65,535-parameter limit. A final row is never rewritten; a provisional one only when something changed.
const UPSERT_SQL = `
INSERT INTO candles AS c (exchange, symbol, timeframe, ts, open, high, low, close, volume, is_final, ingested_at)
SELECT $1, $2, $3, u.ts, u.open, u.high, u.low, u.close, u.volume, u.is_final, now()
FROM unnest($4::bigint[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::boolean[])
  AS u (ts, open, high, low, close, volume, is_final)
ON CONFLICT (exchange, symbol, timeframe, ts) DO UPDATE
SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
    volume = EXCLUDED.volume, is_final = EXCLUDED.is_final, ingested_at = EXCLUDED.ingested_at
WHERE NOT c.is_final
  AND (c.open, c.high, c.low, c.close, c.volume, c.is_final)
      IS DISTINCT FROM (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.is_final)
RETURNING (xmax = 0) AS inserted`;

const COLUMNS = 'ts, open, high, low, close, volume, is_final';

const toStoredCandle = (row: CandleRow): StoredCandle => ({
  // bigint arrives as text; epoch ms stays far below 2^53
  ts: Number(row.ts),
  open: row.open,
  high: row.high,
  low: row.low,
  close: row.close,
  volume: row.volume,
  isFinal: row.is_final,
});

const finalOnly = (options: CandleReadOptions) => (options.includeProvisional ? '' : 'AND is_final');

/** Candles in PostgreSQL (table `candles`), keyed by (exchange, symbol, timeframe, ts). */
export class CandleRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Stores candles idempotently, in one transaction: new ones are inserted, a provisional row is updated
   * (and becomes final once closed), a final row is never rewritten. Repeated `ts` in the input: last wins.
   */
  async upsert(market: MarketKey, candles: readonly StoredCandle[]): Promise<UpsertResult> {
    const unique = [...new Map(candles.map((c) => [c.ts, c])).values()];
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    if (unique.length === 0) return result;
    await this.transaction(async (client) => {
      for (let start = 0; start < unique.length; start += BATCH_SIZE) {
        const batch = unique.slice(start, start + BATCH_SIZE);
        const { rows } = await client.query<{ inserted: boolean }>(UPSERT_SQL, [
          market.exchange,
          market.symbol,
          market.timeframe,
          batch.map((c) => c.ts),
          batch.map((c) => c.open),
          batch.map((c) => c.high),
          batch.map((c) => c.low),
          batch.map((c) => c.close),
          batch.map((c) => c.volume),
          batch.map((c) => c.isFinal),
        ]);
        const inserted = rows.filter((r) => r.inserted).length;
        result.inserted += inserted;
        result.updated += rows.length - inserted;
        result.unchanged += batch.length - rows.length;
      }
    });
    return result;
  }

  /** Candles with `from <= ts < to`, ascending. */
  async range(
    market: MarketKey,
    { from, to }: { from: number; to: number },
    options: CandleReadOptions = {},
  ): Promise<StoredCandle[]> {
    const { rows } = await this.pool.query<CandleRow>(
      `SELECT ${COLUMNS} FROM candles
       WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND ts >= $4 AND ts < $5 ${finalOnly(options)}
       ORDER BY ts`,
      [market.exchange, market.symbol, market.timeframe, from, to],
    );
    return rows.map(toStoredCandle);
  }

  /** The latest `n` candles, ascending (oldest first). */
  async latest(market: MarketKey, n: number, options: CandleReadOptions = {}): Promise<StoredCandle[]> {
    const { rows } = await this.pool.query<CandleRow>(
      `SELECT ${COLUMNS} FROM candles
       WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND ts < $5 ${finalOnly(options)}
       ORDER BY ts DESC LIMIT $4`,
      [market.exchange, market.symbol, market.timeframe, n, options.before ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map(toStoredCandle).reverse();
  }

  /** Open time of the latest final candle, or undefined when none is stored. */
  async lastFinalTs(market: MarketKey): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ ts: string | null }>(
      'SELECT max(ts) AS ts FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND is_final',
      [market.exchange, market.symbol, market.timeframe],
    );
    return rows[0]?.ts == null ? undefined : Number(rows[0].ts);
  }

  async count(market: MarketKey, options: CandleReadOptions = {}): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 ${finalOnly(options)}`,
      [market.exchange, market.symbol, market.timeframe],
    );
    return rows[0]!.n;
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
