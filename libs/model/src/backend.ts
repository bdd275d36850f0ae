export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * Picks the TF.js backend: `@tensorflow/tfjs-node` when installed, else WebAssembly, else plain CPU; the
 * preferred one first when given. Logs and returns the one that runs.
 */
export async function initBackend(_preferred?: BackendName): Promise<BackendName> {
  throw new Error('not implemented');
}

/** The TF.js backend in use ('' before initBackend). */
export function activeBackend(): string {
  throw new Error('not implemented');
}
