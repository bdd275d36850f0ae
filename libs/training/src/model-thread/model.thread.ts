import { parentPort, workerData } from 'node:worker_threads';
import { evaluateOnWindow, initBackend, VolatilityModel } from '@crypto/model';
import type { ModelThreadInput, ModelThreadMessage } from './model-thread.protocol';
import { trainToArtifacts } from './train-to-artifacts';

// The entry of a model thread (ThreadedModelOps): runs one task with TF.js on a thread of its own, so the
// trainer's event loop stays free to renew its BullMQ job locks, and reports back over the parent port.
const post = (message: ModelThreadMessage) => parentPort!.postMessage(message);

async function run({ backend, task }: ModelThreadInput): Promise<void> {
  await initBackend(backend);
  if (task.kind === 'train') {
    const result = await trainToArtifacts(task.candles, task.config, {
      onEpochEnd: (epoch, logs) => post({ kind: 'epoch', epoch, logs }),
      onProgress: (fraction, message) => post({ kind: 'progress', fraction, message }),
    });
    post({ kind: 'trained', result });
    return;
  }
  const model = task.artifacts ? await VolatilityModel.fromArtifacts(task.artifacts) : undefined;
  try {
    post({ kind: 'evaluated', report: evaluateOnWindow(model, task.candles, task.window) });
  } finally {
    model?.dispose();
  }
}

run(workerData as ModelThreadInput).catch((error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  post({
    kind: 'failed',
    error: {
      name: e.name,
      message: e.message,
      stack: e.stack,
      code: typeof code === 'string' ? code : undefined,
    },
  });
});
