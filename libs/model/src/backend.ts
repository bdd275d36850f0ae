import { Logger } from '@nestjs/common';
import * as tf from '@tensorflow/tfjs';
import { dirname, join } from 'node:path';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The order tried when no backend is preferred, or the preferred one fails (SPEC §6). */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

const logger = new Logger('ModelBackend');

/**
 * Registers a backend with TF.js; false when its package or native part is missing. tfjs-node registers
 * `tensorflow` on require and throws when its native library did not install (the usual case here). The WASM
 * backend runs single-threaded in Node: TF.js 4.22 reports no thread support there (tfjs issue #3830) and
 * forcing it fails (the worker is started from a blob: URL, which Node refuses).
 */
export type BackendRegistrations = Record<BackendName, () => void>;

export const BACKEND_REGISTRATIONS: BackendRegistrations = {
  tensorflow: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  },
  wasm: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    // The .wasm binaries sit beside the package's bundle in node_modules, not beside the caller.
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/')}`);
  },
  // Bundled with @tensorflow/tfjs.
  cpu: () => undefined,
};

let initialised: Promise<BackendName> | undefined;

/**
 * Picks the TF.js backend once per process: the preferred one if it starts, else tfjs-node, else WebAssembly,
 * else plain CPU. Logs which one runs and why the others did not; later calls return the same backend.
 * `MODEL_BACKEND` (tensorflow | wasm | cpu) sets the preference when none is passed.
 */
export function initBackend(preferred?: BackendName): Promise<BackendName> {
  initialised ??= selectBackend(preferred ?? preferredFromEnv()).then(({ backend, unavailable }) => {
    const skipped = unavailable.length ? ` (${unavailable.join('; ')})` : '';
    logger.log(`TF.js backend ${backend}${skipped}`);
    return backend;
  });
  return initialised;
}

/** The TF.js backend in use: '' before initBackend has finished. */
export function activeBackend(): string {
  return initialised ? tf.getBackend() : '';
}

function preferredFromEnv(): BackendName | undefined {
  const value = process.env['MODEL_BACKEND'];
  return BACKEND_ORDER.find((name) => name === value);
}

export interface BackendSelection {
  backend: BackendName;
  /** Why each backend tried before it did not start. */
  unavailable: string[];
}

/**
 * Starts the first backend of the preferred one then {@link BACKEND_ORDER} that registers and initialises,
 * and reports why the ones before it did not. Throws when none starts.
 */
export async function selectBackend(
  preferred: BackendName | undefined,
  registrations: BackendRegistrations = BACKEND_REGISTRATIONS,
): Promise<BackendSelection> {
  const order = preferred ? [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)] : BACKEND_ORDER;
  const unavailable: string[] = [];
  for (const name of order) {
    const reason = await tryBackend(name, registrations[name]);
    if (reason === undefined) return { backend: name, unavailable };
    unavailable.push(`${name} unavailable: ${reason}`);
  }
  throw new Error(`no TF.js backend starts: ${unavailable.join('; ')}`);
}

async function tryBackend(name: BackendName, register: () => void): Promise<string | undefined> {
  try {
    register();
    // setBackend resolves false (and logs) when the backend's initialisation fails.
    if (!(await tf.setBackend(name))) return 'initialisation failed';
    await tf.ready();
    return tf.getBackend() === name ? undefined : `TF.js kept ${tf.getBackend()}`;
  } catch (error) {
    return firstLine(error);
  }
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
