import { MarketDataError } from '@crypto/candles';
import * as tf from '@tensorflow/tfjs';
import { chronologicalSplits } from './dataset';
import { evaluateOnWindow } from './evaluation';
import { DEFAULT_MODEL_CONFIG, SMOKE_MODEL_CONFIG, type ModelConfig } from './model-config';
import { smokeCandles, trainSmokeModel } from './testing/smoke-model';
import { minimumTrainingCandles, trainVolatilityModel } from './train';
import { VolatilityModel } from './volatility-model';

describe(trainVolatilityModel.name, () => {
  const candles = smokeCandles();

  it('should report the split sizes, data range and test window of the chronological split', async () => {
    const splits = chronologicalSplits(candles.length, SMOKE_MODEL_CONFIG);
    const epochs: number[] = [];
    const progress: number[] = [];

    const { model, evaluation, dataset, history, timing } = await trainVolatilityModel(
      candles,
      SMOKE_MODEL_CONFIG,
      {
        onEpochEnd: (epoch) => void epochs.push(epoch),
        onProgress: (fraction) => void progress.push(fraction),
      },
    );

    expect(dataset).toMatchObject({
      train: splits.train.last - splits.train.first + 1,
      validation: splits.validation.last - splits.validation.first + 1,
      test: splits.test.last - splits.test.first + 1,
      data_range: { from_ts: candles[0]!.ts, to_ts: candles[candles.length - 1]!.ts },
    });
    expect(evaluation.test_window).toEqual({
      from_ts: candles[splits.test.first]!.ts,
      to_ts: candles[splits.test.last]!.ts,
      n: dataset.test,
    });
    expect(model.preprocessing.test_metrics).toEqual(evaluation.model);
    expect(model.preprocessing.baselines).toEqual(evaluation.baselines);
    expect(model.preprocessing.backend).toMatch(/^(tensorflow|wasm|cpu)$/);
    expect(history.loss).toHaveLength(timing.epochs_run);
    expect(history.val_loss).toHaveLength(timing.epochs_run);
    expect(epochs).toEqual([...Array(timing.epochs_run).keys()]);
    expect(progress.at(-1)).toBe(1);
    model.dispose();
  });

  it('should train the same model twice when the seed is the same', async () => {
    const first = await trainSmokeModel(candles, { epochs: 1 });
    const second = await trainSmokeModel(candles, { epochs: 1 });

    expect(second.history).toEqual(first.history);
    expect(second.evaluation.model).toEqual(first.evaluation.model);
    first.model.dispose();
    second.model.dispose();
  });

  it('should leave no tensor behind when the trained model is used and disposed', async () => {
    const before = tf.memory().numTensors;

    const { model } = await trainSmokeModel(candles, { epochs: 1 });
    model.predict(candles);
    await model.toArtifacts();
    model.dispose();

    expect(tf.memory().numTensors).toBe(before);
  });

  it('should keep the linear head alone when no epoch is asked for', async () => {
    const { model, history, timing } = await trainSmokeModel(candles, { epochs: 0 });

    expect(history).toEqual({ loss: [], val_loss: [] });
    expect(timing).toMatchObject({ epochs_run: 0, best_epoch: 0 });
    expect(model.predict(candles).prediction).toBeGreaterThan(0);
    model.dispose();
  });

  it('should save and load a refitted seed ensemble as one model with the same predictions', async () => {
    const { model, timing } = await trainSmokeModel(candles, { epochs: 1, ensemble: 2, refit: true });

    const loaded = await VolatilityModel.fromArtifacts(await model.toArtifacts());

    expect(timing.member_best_epochs).toHaveLength(2);
    expect(loaded.predict(candles)).toEqual(model.predict(candles));
    model.dispose();
    loaded.dispose();
  });

  it('should reject with the abort reason when the signal is aborted during training', async () => {
    const controller = new AbortController();

    const run = trainVolatilityModel(
      candles,
      { ...SMOKE_MODEL_CONFIG, epochs: 3, patience: 3 },
      {
        signal: controller.signal,
        onEpochEnd: () => controller.abort(new Error('training cancelled')),
      },
    );

    await expect(run).rejects.toThrow('training cancelled');
  });

  it('should throw INSUFFICIENT_DATA when the candles are too few for three splits', async () => {
    const run = trainVolatilityModel(candles.slice(0, 800), SMOKE_MODEL_CONFIG);

    await expect(run).rejects.toThrow(MarketDataError);
    await expect(run).rejects.toMatchObject({ code: 'INSUFFICIENT_DATA' });
  });

  it.each<[keyof ModelConfig, number]>([
    ['sequenceLength', 0],
    ['horizon', 1],
    ['units', 2.5],
    ['epochs', -1],
    ['dropout', 1],
    ['learningRate', 0],
    ['trainFraction', 1],
    ['validationFraction', 0.4],
    ['trainStride', 0],
    ['ensemble', 0],
  ])('should throw a RangeError naming %s when it is %s', async (field, value) => {
    const run = trainVolatilityModel(candles, { ...SMOKE_MODEL_CONFIG, [field]: value });

    await expect(run).rejects.toThrow(RangeError);
    await expect(run).rejects.toThrow(field);
  });
});

describe(minimumTrainingCandles.name, () => {
  it.each([SMOKE_MODEL_CONFIG, DEFAULT_MODEL_CONFIG, { ...DEFAULT_MODEL_CONFIG, trainFraction: 0.8 }])(
    'should give each split at least 100 windows when the config is %#',
    (config) => {
      const splits = chronologicalSplits(minimumTrainingCandles(config), config);

      for (const split of [splits.train, splits.validation, splits.test]) {
        expect(split.last - split.first + 1).toBeGreaterThanOrEqual(100);
      }
    },
  );

  it.each([SMOKE_MODEL_CONFIG, DEFAULT_MODEL_CONFIG, { ...DEFAULT_MODEL_CONFIG, trainFraction: 0.3 }])(
    'should leave the promotion gate the history HAR-RV needs before the test window when the config is %#',
    (config) => {
      const candles = smokeCandles(minimumTrainingCandles(config));
      const { test } = chronologicalSplits(candles.length, config);

      const report = evaluateOnWindow(undefined, candles, {
        from_ts: candles[test.first]!.ts,
        to_ts: candles[test.last]!.ts,
      });

      expect(report.test_window.n).toBe(test.last - test.first + 1);
    },
  );
});
