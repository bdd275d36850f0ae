import type { EvaluationReport, ForecastMetrics } from '@crypto/model';
import type { PromotionDecision } from '../promotion/promotion-gate';
import type { ResolvedTrainingRequest } from '../training.request';
import type { ObjectRef } from './training-data.store';

/** A champion re-scored on the candidate's test window (metrics null when it could not be loaded). */
export interface ScoredChampion {
  version: string;
  metrics: ForecastMetrics | null;
  error?: string;
}

/**
 * What one step hands the next (a job's return value): references, ids and metrics only, never the data
 * itself, which stays in MinIO, MLflow and PostgreSQL. Each step adds its part.
 */
export interface FlowState {
  flow_id: string;
  request: ResolvedTrainingRequest;
  raw?: {
    ref: ObjectRef;
    candles: number;
    range: { from_ts: number; to_ts: number };
    source: string;
  };
  quality?: {
    pass: boolean;
    /** checks that failed but do not block training (gaps from exchange outages, rare outliers) */
    warnings: string[];
    report: { bucket: string; key: string } | null;
  };
  dataset?: {
    candles: ObjectRef;
    features: ObjectRef;
    n: number;
    range: { from_ts: number; to_ts: number };
  };
  run?: {
    run_id: string;
    experiment_id: string;
    artifact_uri: string;
    /** sha256 of the files of `model/` */
    checksum: string;
    backend: string;
    epochs_run: number;
    trained_at: string;
    data_hash: string;
  };
  /** the training's test-window report: final metrics of the model and the baselines */
  evaluation?: EvaluationReport;
  /** the candidate re-loaded from MLflow and scored with evaluateOnWindow: what the gate compares */
  gate_report?: EvaluationReport;
  champion?: ScoredChampion | null;
  /** the registered version; null when the run was not registered */
  version?: string | null;
  decision?: Omit<PromotionDecision, 'alias'> & {
    alias: PromotionDecision['alias'] | null;
    version: string | null;
  };
}

/** The state after a step: the fields it was expected to fill are there. */
export type With<K extends keyof FlowState> = FlowState & Required<Pick<FlowState, K>>;
