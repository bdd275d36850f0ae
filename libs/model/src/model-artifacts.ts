/**
 * The files of a model: 'model.json' (TF.js topology + weights manifest), 'weights.bin', 'preprocessing.json'.
 * Bytes in memory (TF.js IO handlers), so they go to MLflow/MinIO and back without temp files.
 */
export interface ModelArtifacts {
  files: Record<string, Uint8Array>;
}

export const ARTIFACT_FILES = {
  topology: 'model.json',
  weights: 'weights.bin',
  preprocessing: 'preprocessing.json',
} as const;

/** sha256 (hex) over the files in name order: each name, its byte length and its bytes. */
export function artifactsChecksum(_artifacts: ModelArtifacts): string {
  throw new Error('not implemented');
}
