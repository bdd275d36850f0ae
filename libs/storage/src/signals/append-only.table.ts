import type { Pool, QueryResultRow } from 'pg';
import { asStorageError } from '../database/pg-errors';
import { GroupCommitWriter, type GroupCommitOptions } from './group-commit.writer';
import type { ServedRecord, TailOptions } from './signal.types';

/** One column: its name, the SQL type of its values and how a record gives its value. */
export interface ColumnSpec<T> {
  name: string;
  type: string;
  value: (record: T) => unknown;
}

export interface TableSpec<T, Row> {
  table: string;
  /** what one row is, for error messages: `a signal` */
  noun: string;
  columns: readonly ColumnSpec<T>[];
  fromRow: (row: Row) => T;
}

/** SQLSTATE class 22 (data exception) or 23 (constraint violation): the row is at fault, not the server. */
export const isRowRejected = (error: unknown): boolean =>
  /^2[23]/.test(String((error as { code?: unknown } | null)?.code ?? ''));

export const jsonOrNull = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/**
 * A table rows are appended to and read back latest-first (signals, predictions), with an identity `id`
 * and a `created_at`. `save` goes through group commit: rows saved together are inserted by one
 * `INSERT … SELECT FROM unnest(arrays)` (one parameter per column whatever the batch size), and each call
 * resolves once its row is committed.
 */
export class AppendOnlyTable<T, Row extends QueryResultRow> {
  private readonly writer: GroupCommitWriter<T>;
  private readonly insertSql: string;
  private readonly columnList: string;

  constructor(
    protected readonly pool: Pool,
    private readonly spec: TableSpec<T, Row>,
    options: GroupCommitOptions = {},
  ) {
    this.columnList = spec.columns.map((c) => c.name).join(', ');
    const arrays = spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    this.insertSql = `INSERT INTO ${spec.table} (${this.columnList}) SELECT * FROM unnest(${arrays})`;
    this.writer = new GroupCommitWriter((rows) => this.insert(rows), {
      isolateFailures: isRowRejected,
      ...options,
    });
  }

  /** Resolves once stored; `StorageError('UNAVAILABLE')` when PostgreSQL is not there. */
  save(record: T): Promise<void> {
    return this.writer.write(record).catch((error: unknown) => {
      throw asStorageError(error, `store ${this.spec.noun}`);
    });
  }

  /** The latest `n` rows, oldest first. */
  async tail(n: number, { symbol }: TailOptions = {}): Promise<T[]> {
    const { rows } = await this.pool
      .query<Row>(
        `SELECT ${this.columnList} FROM ${this.spec.table} ${symbol === undefined ? '' : 'WHERE symbol = $2'}
         ORDER BY created_at DESC, id DESC LIMIT $1`,
        symbol === undefined ? [n] : [n, symbol],
      )
      .catch((error: unknown) => {
        throw asStorageError(error, `read ${this.spec.table}`);
      });
    return rows.reverse().map(this.spec.fromRow);
  }

  /** Waits for the rows queued to be committed; later saves are refused. */
  close(): Promise<void> {
    return this.writer.close();
  }

  private async insert(records: T[]): Promise<void> {
    await this.pool.query(
      this.insertSql,
      this.spec.columns.map((c) => records.map(c.value)),
    );
  }
}

/** bigint arrives as text; epoch ms stays far below 2^53 */
export const epochMsOrNull = (value: string | null): number | null => (value === null ? null : Number(value));

export interface ServedRow {
  created_at: Date;
  symbol: string;
  exchange: string;
  timeframe: string;
  request_limit: number | null;
}

/** The columns of {@link ServedRecord}, first in the signal and prediction tables. */
export function servedColumns<T extends ServedRecord>(): ColumnSpec<T>[] {
  return [
    { name: 'created_at', type: 'timestamptz', value: (r) => r.createdAt },
    { name: 'symbol', type: 'text', value: (r) => r.symbol },
    { name: 'exchange', type: 'text', value: (r) => r.exchange },
    { name: 'timeframe', type: 'text', value: (r) => r.timeframe },
    { name: 'request_limit', type: 'int', value: (r) => r.limit },
  ];
}

export const toServedRecord = (row: ServedRow): ServedRecord => ({
  createdAt: row.created_at,
  symbol: row.symbol,
  exchange: row.exchange,
  timeframe: row.timeframe,
  limit: row.request_limit ?? 0,
});
