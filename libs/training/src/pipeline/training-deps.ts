import type { QualityReport, QualityReportRepository, QualityTolerances } from '@crypto/market-data';
import type { ModelConfig } from '@crypto/model';
import type { MlflowClient } from '@crypto/registry';
import type { TrainingRunRepository } from '@crypto/storage';
import type { CandleProvider } from '../candles/candle-provider';
import type { ModelEventPublisher } from '../events/model-event.publisher';
import type { ChampionLock } from '../promotion/champion-lock';
import type { ModelOps } from './model-ops';
import type { TrainingDataStore } from './training-data.store';

/** Reports a step's progress: fraction in [0, 1] of that step. */
export type StepProgress = (fraction: number, message: string) => void | Promise<void>;

export interface TrainingSettings {
  experimentName: string;
  /** registered model name (`crypto-volatility-bilstm`; tests use their own) */
  modelName: string;
  /** PROMOTION_REQUIRE_HAR: the candidate must beat HAR-RV too */
  requireHar: boolean;
  /** git sha of the code that trains (MLflow tag) */
  codeVersion: string;
  /** model configuration defaults under the request's overrides */
  modelDefaults?: Partial<ModelConfig>;
  qualityTolerances?: Partial<QualityTolerances>;
  /** quality checks whose failure stops the run; the others are recorded as warnings */
  blockingQualityChecks?: readonly (keyof QualityReport['checks'])[];
}

/** The MLflow calls the steps make (an `MlflowClient`, or `FakeMlflow` in unit specs). */
export type TrainingRegistry = Pick<
  MlflowClient,
  | 'ensureExperiment'
  | 'createRun'
  | 'getRun'
  | 'logBatch'
  | 'endRun'
  | 'uploadArtifact'
  | 'downloadArtifact'
  | 'downloadArtifactDir'
  | 'setRunTags'
  | 'ensureRegisteredModel'
  | 'createModelVersion'
  | 'getModelVersion'
  | 'searchModelVersions'
  | 'setModelVersionTag'
  | 'setAlias'
  | 'getVersionByAlias'
>;

/** Where a flow's data lives between steps (MinIO through `TrainingDataStore`, or in memory in specs). */
export type TrainingData = Pick<
  TrainingDataStore,
  'putRawCandles' | 'putProcessedCandles' | 'putProcessed' | 'getCandles'
>;

export type TrainingRuns = Pick<TrainingRunRepository, 'start' | 'update' | 'get'>;

export interface TrainingDeps {
  candles: CandleProvider;
  data: TrainingData;
  qualityReports: Pick<QualityReportRepository, 'save'>;
  runs: TrainingRuns;
  mlflow: TrainingRegistry;
  events: ModelEventPublisher;
  settings: TrainingSettings;
  model?: ModelOps;
  /**
   * serialises "read the champion → decide → move the alias" with other promotions and rollbacks of the
   * same model; default: none (one process, e.g. the CLI with no trainer running)
   */
  championLock?: ChampionLock;
}

/**
 * Gaps come from exchange outages (Binance: 20 missing hours in 5 years) and large returns happen: those
 * are recorded, not blocking. Inconsistent or impossible candles stop the run.
 */
export const DEFAULT_BLOCKING_QUALITY_CHECKS: readonly (keyof QualityReport['checks'])[] = [
  'duplicates',
  'ohlc_consistency',
  'non_positive_prices',
  'negative_volume',
];
