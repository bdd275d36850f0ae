import type { Candle } from '@crypto/candles';
import { evaluateOnWindow } from './evaluation';
import { HAR_WARMUP } from './har';
import { ARTIFACT_FILES, type ModelArtifacts } from './model-artifacts';
import { smokeCandles, trainSmokeModel } from './testing/smoke-model';
import type { TrainingResult } from './train';
import { VolatilityModel } from './volatility-model';

/** The artifacts as a model saved before HAR-RV's coefficients were stored with it. */
const withoutStoredHar = (artifacts: ModelArtifacts): ModelArtifacts => {
  const preprocessing = JSON.parse(new TextDecoder().decode(artifacts.files[ARTIFACT_FILES.preprocessing]));
  delete preprocessing.har_baseline;
  return {
    files: {
      ...artifacts.files,
      [ARTIFACT_FILES.preprocessing]: new TextEncoder().encode(JSON.stringify(preprocessing)),
    },
  };
};

const wholeSpan = (candles: readonly Candle[]) => ({ from_ts: candles[0]!.ts, to_ts: candles.at(-1)!.ts });

describe(evaluateOnWindow.name, () => {
  let candles: Candle[];
  let trained: TrainingResult;
  let model: VolatilityModel;
  /** The candles from the test window's first origin back to what the model's inputs need, and no further. */
  let recent: Candle[];

  beforeAll(async () => {
    candles = smokeCandles();
    trained = await trainSmokeModel(candles);
    model = trained.model;
    const firstOrigin = candles.findIndex((c) => c.ts === trained.evaluation.test_window.from_ts);
    recent = candles.slice(firstOrigin - (model.requiredCandles - 1));
  });

  afterAll(() => model.dispose());

  describe("with har: 'stored'", () => {
    it('should give the training report exactly when scoring the model on its own test window', () => {
      const sut = evaluateOnWindow(model, candles, trained.evaluation.test_window, { har: 'stored' });

      expect(sut.har_source).toBe('stored');
      expect(sut.test_window).toEqual(trained.evaluation.test_window);
      expect(sut.model).toEqual(trained.evaluation.model);
      expect(sut.baselines).toEqual(trained.evaluation.baselines);
    });

    it('should score candles holding only the inputs’ history, the first of them never as targets', () => {
      const sut = evaluateOnWindow(model, recent, wholeSpan(recent), { har: 'stored' });

      expect(sut.har_source).toBe('stored');
      expect(sut.test_window.from_ts).toBe(recent[model.requiredCandles - 1]!.ts);
      expect(sut.test_window.to_ts).toBe(recent.at(-1 - model.horizon)!.ts);
      expect(sut.test_window.n).toBe(recent.length - model.requiredCandles + 1 - model.horizon);
    });

    it('should score those candles as the whole series scores the same origins', () => {
      const sut = evaluateOnWindow(model, recent, wholeSpan(recent), { har: 'stored' });
      const whole = evaluateOnWindow(model, candles, sut.test_window, { har: 'stored' });

      expect(sut.test_window).toEqual(whole.test_window);
      for (const [name, metrics] of Object.entries({ model: sut.model, ...sut.baselines })) {
        const expected =
          name === 'model' ? whole.model : whole.baselines[name as keyof typeof whole.baselines];
        expect(metrics.qlike).toBeCloseTo(expected.qlike, 10);
        expect(metrics.rmse).toBeCloseTo(expected.rmse, 12);
      }
    });

    it('should refit HAR-RV when the model was saved without its coefficients and the candles allow it', async () => {
      const older = await VolatilityModel.fromArtifacts(withoutStoredHar(await model.toArtifacts()));
      try {
        const sut = evaluateOnWindow(older, candles, trained.evaluation.test_window, { har: 'stored' });

        expect(older.preprocessing.har_baseline).toBeUndefined();
        expect(sut.har_source).toBe('refit');
        expect(sut.baselines.har).toEqual(
          evaluateOnWindow(model, candles, trained.evaluation.test_window).baselines.har,
        );
      } finally {
        older.dispose();
      }
    });

    it('should say the coefficients are missing and name the shortfall when such a model meets too few candles', async () => {
      const older = await VolatilityModel.fromArtifacts(withoutStoredHar(await model.toArtifacts()));
      try {
        expect(() => evaluateOnWindow(older, recent, wholeSpan(recent), { har: 'stored' })).toThrow(
          /holds no HAR-RV coefficients.*1463 candles before it: 743 precede it, 720 short/,
        );
      } finally {
        older.dispose();
      }
    });
  });

  describe("with har: 'refit'", () => {
    it('should refit on the candles before the window when no option is given', () => {
      const sut = evaluateOnWindow(model, candles, trained.evaluation.test_window);

      expect(sut.har_source).toBe('refit');
      expect(sut.baselines.har).toEqual(
        evaluateOnWindow(model, candles, trained.evaluation.test_window, { har: 'refit' }).baselines.har,
      );
      // fitted on more origins (validation's too) than at training: another fit
      expect(sut.baselines.har).not.toEqual(trained.evaluation.baselines.har);
    });

    it('should throw INSUFFICIENT_DATA naming the shortfall when the candles hold only the inputs’ history', () => {
      const needed = 2 * HAR_WARMUP + model.horizon - 1;
      const have = model.requiredCandles - 1;

      expect(() => evaluateOnWindow(model, recent, wholeSpan(recent), { har: 'refit' })).toThrow(
        expect.objectContaining({
          code: 'INSUFFICIENT_DATA',
          message: expect.stringContaining(
            `${needed} candles before it: ${have} precede it, ${needed - have} short`,
          ),
        }),
      );
    });
  });

  describe('artifacts', () => {
    it('should keep the HAR-RV coefficients fitted on the training split through a save and load', async () => {
      const loaded = await VolatilityModel.fromArtifacts(await model.toArtifacts());
      try {
        expect(loaded.preprocessing.har_baseline).toEqual(model.preprocessing.har_baseline);
        expect(model.preprocessing.har_baseline?.fit_window.n).toBe(trained.dataset.train);
      } finally {
        loaded.dispose();
      }
    });
  });
});
