/** The registered model of the platform (SPEC §7); tests use their own name so as not to touch it. */
export const REGISTERED_MODEL_NAME = 'crypto-volatility-bilstm';

/** Registry aliases (SPEC §6): stages are deprecated since MLflow 2.9. */
export const ModelAlias = { Champion: 'champion', Challenger: 'challenger' } as const;
export type ModelAlias = (typeof ModelAlias)[keyof typeof ModelAlias];

/** Where a run keeps its files (artifact paths relative to the run's artifact root). */
export const RunArtifact = {
  /** the directory of the model files (`model.json`, `weights.bin`, `preprocessing.json`) */
  ModelDir: 'model',
  Preprocessing: 'preprocessing.json',
  Evaluation: 'evaluation.json',
} as const;

/** Tags the platform sets on runs and model versions. */
export const ModelTag = {
  /** sha256 of the files of `model/` (artifactsChecksum): the loader refuses files that do not match */
  ArtifactsSha256: 'crypto.artifacts_sha256',
  /** why a version was not promoted */
  RejectionReason: 'crypto.rejection_reason',
  Decision: 'crypto.decision',
  FlowId: 'crypto.flow_id',
  Symbol: 'crypto.symbol',
  Timeframe: 'crypto.timeframe',
  Exchange: 'crypto.exchange',
  Backend: 'crypto.backend',
  CodeVersion: 'crypto.code_version',
  DataFrom: 'crypto.data_from',
  DataTo: 'crypto.data_to',
  DataHash: 'crypto.data_hash',
  TrainedAt: 'crypto.trained_at',
} as const;
