import type { Pool } from 'pg';

export type TrainingRunStatus = 'queued' | 'running' | 'completed' | 'failed';

/** A training run as the platform reports it (`GET /v1/ml/runs`). */
export interface TrainingRun {
  id: number;
  /** BullMQ id of the flow that ran it (or `cli-…` for an in-process run) */
  job_id: string;
  mlflow_run_id: string | null;
  status: TrainingRunStatus;
  /** the step running now, or the step that failed */
  step: string | null;
  /** the request and the model configuration */
  params: Record<string, unknown>;
  /** the model's test-window metrics */
  metrics: Record<string, unknown> | null;
  /** the baselines' metrics on the same window */
  baselines: Record<string, unknown> | null;
  /** promotion decision: `champion`, `challenger`, or `not_registered` */
  decision: string | null;
  /** why (the gate's verdict, or the failure) */
  reason: string | null;
  model_version: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** Fields a step may set; `undefined` leaves a column as it is. */
export type TrainingRunPatch = Partial<
  Pick<
    TrainingRun,
    | 'mlflow_run_id'
    | 'status'
    | 'step'
    | 'metrics'
    | 'baselines'
    | 'decision'
    | 'reason'
    | 'model_version'
    | 'finished_at'
  >
>;

const COLUMNS =
  'id, job_id, mlflow_run_id, status, step, params, metrics, baselines, decision, reason, model_version, started_at, finished_at';

type Row = Omit<TrainingRun, 'id'> & { id: string };

// bigint identity arrives as text; far below 2^53
const toRun = (row: Row): TrainingRun => ({ ...row, id: Number(row.id) });

const JSON_COLUMNS = new Set(['metrics', 'baselines']);
const PATCHABLE = new Set<string>([
  'mlflow_run_id',
  'status',
  'step',
  'metrics',
  'baselines',
  'decision',
  'reason',
  'model_version',
  'finished_at',
] satisfies (keyof TrainingRunPatch)[]);

/** Training runs in PostgreSQL (table `training_runs`, one row per flow, keyed by its job id). */
export class TrainingRunRepository {
  constructor(private readonly pool: Pool) {}

  /** Records a run; starting the same job id again (a retried first step) keeps the row and its params. */
  async start(
    jobId: string,
    params: Record<string, unknown>,
    status: TrainingRunStatus = 'queued',
  ): Promise<TrainingRun> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO training_runs (job_id, status, params) VALUES ($1, $2, $3)
       ON CONFLICT (job_id) DO UPDATE SET job_id = EXCLUDED.job_id
       RETURNING ${COLUMNS}`,
      [jobId, status, JSON.stringify(params)],
    );
    return toRun(rows[0]!);
  }

  /** Sets the given columns; returns the row, or undefined when no run has this job id. */
  async update(jobId: string, patch: TrainingRunPatch): Promise<TrainingRun | undefined> {
    // column names come from this whitelist only, never from the caller's object as such
    const entries = Object.entries(patch).filter(
      ([column, value]) => PATCHABLE.has(column) && value !== undefined,
    );
    if (entries.length === 0) return this.get(jobId);
    const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
    const values = entries.map(([column, value]) =>
      JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value,
    );
    const { rows } = await this.pool.query<Row>(
      `UPDATE training_runs SET ${sets.join(', ')} WHERE job_id = $1 RETURNING ${COLUMNS}`,
      [jobId, ...values],
    );
    return rows[0] && toRun(rows[0]);
  }

  /**
   * Sets the given columns of the run whose MLflow run is `mlflowRunId` (a registered version names its
   * run, not its flow); undefined when no row has it.
   */
  async updateByMlflowRun(mlflowRunId: string, patch: TrainingRunPatch): Promise<TrainingRun | undefined> {
    const row = await this.pool.query<{ job_id: string }>(
      `SELECT job_id FROM training_runs WHERE mlflow_run_id = $1 ORDER BY id DESC LIMIT 1`,
      [mlflowRunId],
    );
    const jobId = row.rows[0]?.job_id;
    return jobId === undefined ? undefined : this.update(jobId, patch);
  }

  async get(jobId: string): Promise<TrainingRun | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM training_runs WHERE job_id = $1`, [
      jobId,
    ]);
    return rows[0] && toRun(rows[0]);
  }

  /** The latest `n` runs, newest first. */
  async recent(n: number): Promise<TrainingRun[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM training_runs ORDER BY started_at DESC, id DESC LIMIT $1`,
      [n],
    );
    return rows.map(toRun);
  }
}
