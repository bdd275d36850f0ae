import { createHash } from 'node:crypto';

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

/** sha256 (hex) over the files in name order: for each, its name, a NUL, its byte length, a NUL, its bytes. */
export function artifactsChecksum(artifacts: ModelArtifacts): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(artifacts.files).sort()) {
    const bytes = artifacts.files[name]!;
    hash.update(`${name}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
