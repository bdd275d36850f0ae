import type { Pool } from 'pg';
import {
  AppendOnlyTable,
  epochMsOrNull,
  jsonOrNull,
  servedColumns,
  toServedRecord,
  type ServedRow,
  type TableSpec,
} from './append-only.table';
import type { GroupCommitOptions } from './group-commit.writer';
import type { SignalRecord } from './signal.types';

interface SignalRow extends ServedRow {
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
    ...servedColumns<SignalRecord>(),
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
    ...toServedRecord(row),
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
