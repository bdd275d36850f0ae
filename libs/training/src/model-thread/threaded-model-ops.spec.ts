import { Logger } from '@nestjs/common';
import { CandleFactory } from '@crypto/candles';
import { evaluateOnWindow, initBackend, SMOKE_MODEL_CONFIG, VolatilityModel } from '@crypto/model';
import { ModelThreadError, ThreadedModelOps } from './threaded-model-ops';

describe(ThreadedModelOps.name, () => {
  const candles = CandleFactory.series({ count: 3000 }).randomWalk({ seed: 5, sigma: 0.01 }).build();
  const sut = new ThreadedModelOps();

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await initBackend();
  });

  describe('train', () => {
    it('should train on a thread and hand back loadable files, each epoch and the progress', async () => {
      const epochs: number[] = [];
      const progress: number[] = [];

      const trained = await sut.train(candles, SMOKE_MODEL_CONFIG, {
        onEpochEnd: async (epoch) => void epochs.push(epoch),
        onProgress: (fraction) => void progress.push(fraction),
      });

      expect(epochs).toEqual([...Array(trained.history.loss.length).keys()]);
      expect(progress.at(-1)).toBe(1);
      const model = await VolatilityModel.fromArtifacts(trained.artifacts);
      expect(model.preprocessing.data_hash).toBe(trained.dataset.data_hash);
      expect(trained.evaluation.test_window.n).toBeGreaterThan(0);

      // the same window scored on a thread and on this one
      const window = trained.evaluation.test_window;
      await expect(sut.evaluateOnWindow(model, candles, window)).resolves.toEqual(
        evaluateOnWindow(model, candles, window),
      );
      model.dispose();
    }, 60_000);

    it('should reject with the thread’s error when the configuration is wrong', async () => {
      await expect(sut.train(candles, { ...SMOKE_MODEL_CONFIG, units: 0 })).rejects.toThrow(ModelThreadError);
    }, 30_000);

    it('should stop the thread when the signal aborts', async () => {
      const controller = new AbortController();
      const training = sut.train(
        candles,
        { ...SMOKE_MODEL_CONFIG, epochs: 50, patience: 50 },
        {
          signal: controller.signal,
          onEpochEnd: () => controller.abort(new Error('stop asked')),
        },
      );

      await expect(training).rejects.toThrow('stop asked');
    }, 60_000);
  });
});
