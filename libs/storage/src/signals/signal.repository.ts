import type { Pool } from 'pg';
import { AppendOnlyTable, epochMsOrNull, jsonOrNull, type TableSpec } from './append-only.table';
import type { GroupCommitOptions } from './group-commit.writer';
import type { SignalRecord } from './signal.types';

interface SignalRow {
  created_at: Date;
  symbol: string;
  exchange: string;
  timeframe: string;
  request_limit: number | null;
  horizon_min: number;
  risk_score: number;
  nowcast_ret: number;
  vol: number;
  vol_regime: string;
  method: string;
  candle_ts: string | null;
  explain: unknown;
}

const SIGNALS: TableSpec<SignalRecord, SignalRow> = {
  table: 'signals',
  noun: 'a signal',
  columns: [
    { name: 'created_at', type: 'timestamptz', value: (r) => r.createdAt },
    { name: 'symbol', type: 'text', value: (r) => r.symbol },
    { name: 'exchange', type: 'text', value: (r) => r.exchange },
    { name: 'timeframe', type: 'text', value: (r) => r.timeframe },
    { name: 'request_limit', type: 'int', value: (r) => r.limit },
    { name: 'horizon_min', type: 'int', value: (r) => r.horizonMin },
    { name: 'risk_score', type: 'float8', value: (r) => r.riskScore },
    { name: 'nowcast_ret', type: 'float8', value: (r) => r.nowcastRet },
    { name: 'vol', type: 'float8', value: (r) => r.vol },
    { name: 'vol_regime', type: 'text', value: (r) => r.volRegime },
    { name: 'method', type: 'text', value: (r) => r.method },
    { name: 'candle_ts', type: 'bigint', value: (r) => r.candleTs },
    { name: 'explain', type: 'jsonb', value: (r) => jsonOrNull(r.explain) },
  ],
  fromRow: (row) => ({
    createdAt: row.created_at,
    symbol: row.symbol,
    exchange: row.exchange,
    timeframe: row.timeframe,
    limit: row.request_limit ?? 0,
    horizonMin: row.horizon_min,
    riskScore: row.risk_score,
    nowcastRet: row.nowcast_ret,
    vol: row.vol,
    volRegime: row.vol_regime,
    method: row.method,
    candleTs: epochMsOrNull(row.candle_ts),
    explain: row.explain,
  }),
};

/** Heuristic signals served (table `signals`): group-committed saves, latest-n reads. */
export class SignalRepository extends AppendOnlyTable<SignalRecord, SignalRow> {
  constructor(pool: Pool, options: GroupCommitOptions = {}) {
    super(pool, SIGNALS, options);
  }
}
