import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Candle } from '@crypto/candles';
import type {
  BackendName,
  EvaluationReport,
  ModelConfig,
  TrainOptions,
  VolatilityModel,
} from '@crypto/model';
import { TFJS_MODEL_CODEC } from '@crypto/registry';
import type { EvaluationWindow, ModelOps } from '../pipeline/model-ops';
import type { ModelThreadInput, ModelThreadMessage } from './model-thread.protocol';
import type { TrainedModel } from './train-to-artifacts';

/** A failure inside a model thread, with the name, code and stack it had there. */
export class ModelThreadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelThreadError';
  }
}

// Built code runs the thread's .js; from sources (jest, tsx) its .ts through tsx's require hook.
const FROM_SOURCES = __filename.endsWith('.ts');
const THREAD_ENTRY = join(__dirname, `model.thread${FROM_SOURCES ? '.ts' : '.js'}`);
const THREAD_EXEC_ARGV = FROM_SOURCES ? ['--require', require.resolve('tsx/cjs')] : [];

/**
 * The model lib's training and scoring on a worker thread each (node:worker_threads), one thread per call:
 * TF.js on the wasm backend holds its thread for seconds at a time, and on the main thread that would stop
 * BullMQ from renewing the job's lock (SPEC §7: a dead trainer's step is retried within a minute, which a
 * short lock needs). Loading a model to check it (`fromArtifacts`) stays on the caller's thread: it is quick.
 */
export class ThreadedModelOps implements ModelOps {
  readonly checksum = TFJS_MODEL_CODEC.checksum;
  readonly fromArtifacts = TFJS_MODEL_CODEC.fromArtifacts;
  readonly backend = TFJS_MODEL_CODEC.backend;

  /** `backend`: the TF.js backend the threads prefer (MODEL_BACKEND), as `initBackend` takes it */
  constructor(private readonly preferredBackend?: BackendName) {}

  async train(
    candles: readonly Candle[],
    config: ModelConfig,
    options: TrainOptions = {},
  ): Promise<TrainedModel> {
    // epochs are logged in order, and training only ends once the last one is
    let epochs: Promise<void> = Promise.resolve();
    const result = await this.runThread({ kind: 'train', candles, config }, options.signal, (message) => {
      if (message.kind === 'epoch' && options.onEpochEnd) {
        const { epoch, logs } = message;
        epochs = epochs.then(() => options.onEpochEnd!(epoch, logs));
      }
      if (message.kind === 'progress') options.onProgress?.(message.fraction, message.message);
    });
    await epochs;
    if (result.kind !== 'trained')
      throw new ModelThreadError(`model thread answered ${result.kind} to train`);
    return result.result;
  }

  async evaluateOnWindow(
    model: VolatilityModel | undefined,
    candles: readonly Candle[],
    window: EvaluationWindow,
  ): Promise<EvaluationReport> {
    const artifacts = model ? await model.toArtifacts() : null;
    const result = await this.runThread({ kind: 'evaluate', artifacts, candles, window });
    if (result.kind !== 'evaluated')
      throw new ModelThreadError(`model thread answered ${result.kind} to evaluate`);
    return result.report;
  }

  private runThread(
    task: ModelThreadInput['task'],
    signal?: AbortSignal,
    onMessage: (message: ModelThreadMessage) => void = () => undefined,
  ): Promise<ModelThreadMessage> {
    signal?.throwIfAborted();
    const input: ModelThreadInput = { backend: this.preferredBackend, task };
    const thread = new Worker(THREAD_ENTRY, { workerData: input, execArgv: THREAD_EXEC_ARGV });
    return new Promise<ModelThreadMessage>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', abort);
        outcome();
      };
      const abort = () => {
        settle(() => reject(signal!.reason));
        void thread.terminate();
      };
      signal?.addEventListener('abort', abort, { once: true });
      thread.on('message', (message: ModelThreadMessage) => {
        if (message.kind === 'failed') {
          const { name, message: text, code, stack } = message.error;
          const error = new ModelThreadError(`${name}: ${text}`, code);
          if (stack)
            error.stack = `${error.name}: ${name}: ${text}\n${stack.split('\n').slice(1).join('\n')}`;
          settle(() => reject(error));
        } else if (message.kind === 'trained' || message.kind === 'evaluated') {
          settle(() => resolve(message));
        } else {
          onMessage(message);
        }
      });
      thread.on('error', (error) => settle(() => reject(error)));
      thread.on('exit', (code) =>
        settle(() => reject(new ModelThreadError(`model thread exited (code ${code}) before answering`))),
      );
    });
  }
}
