import { type Candle, MarketDataError } from '@crypto/candles';
import { volRegime } from '@crypto/signals';
import { evaluateOnWindow } from './evaluation';
import { ModelArtifactError } from './model-artifact.error';
import { ARTIFACT_FILES, artifactsChecksum, type ModelArtifacts } from './model-artifacts';
import { smokeCandles, trainSmokeModel } from './testing/smoke-model';
import type { TrainingResult } from './train';
import { RISK_LEVEL, VolatilityModel } from './volatility-model';

const editPreprocessing = (
  artifacts: ModelArtifacts,
  edit: (p: Record<string, unknown>) => void,
): ModelArtifacts => {
  const preprocessing = JSON.parse(new TextDecoder().decode(artifacts.files[ARTIFACT_FILES.preprocessing]));
  edit(preprocessing);
  return {
    files: {
      ...artifacts.files,
      [ARTIFACT_FILES.preprocessing]: new TextEncoder().encode(JSON.stringify(preprocessing)),
    },
  };
};

const flipByte = (bytes: Uint8Array, index = Math.floor(bytes.length / 2)) => {
  const copy = bytes.slice();
  copy[index] = copy[index]! ^ 0xff;
  return copy;
};

describe(VolatilityModel.name, () => {
  let candles: Candle[];
  let trained: TrainingResult;
  let sut: VolatilityModel;

  beforeAll(async () => {
    candles = smokeCandles();
    trained = await trainSmokeModel(candles);
    sut = trained.model;
  });

  afterAll(() => sut.dispose());

  describe('predictLatest', () => {
    it('should score the last candles of several markets in one batch as predict scores each', () => {
      const other = candles.slice(0, 1_500);
      const [first, second, none] = sut.predictLatest([
        { candles, count: 3 },
        { candles: other, count: 2 },
        { candles: candles.slice(0, sut.requiredCandles - 1), count: 1 },
      ]);

      expect(first).toEqual(
        [3, 2, 1].map((back) => sut.predict(candles.slice(0, candles.length - back + 1))),
      );
      expect(second).toEqual([2, 1].map((back) => sut.predict(other.slice(0, other.length - back + 1))));
      expect(none).toEqual([]);
    });

    it('should score only the candles that have a full window behind them', () => {
      const short = candles.slice(0, sut.requiredCandles + 1);
      const [scored] = sut.predictLatest([{ candles: short, count: 5 }]);

      expect(scored!.map((f) => f.candle_ts)).toEqual(short.slice(-2).map((c) => c.ts));
    });
  });

  describe('predict', () => {
    it('should give what predictSeries gives for the same final window', () => {
      const series = sut.predictSeries(candles);

      expect(sut.predict(candles).prediction).toBe(series[candles.length - 1]);
      expect(sut.predict(candles.slice(0, 2_000)).prediction).toBe(series[1_999]);
    });

    it('should read only the last requiredCandles when given more', () => {
      expect(sut.predict(candles.slice(-sut.requiredCandles))).toEqual(sut.predict(candles));
    });

    it('should map the prediction to the heuristic regime, its risk level and a confidence in [0, 1]', () => {
      const forecast = sut.predict(candles);

      expect(forecast.prediction).toBeGreaterThan(0);
      expect(forecast.volatility_regime).toBe(volRegime(forecast.prediction));
      expect(forecast.risk_level).toBe(RISK_LEVEL[forecast.volatility_regime]);
      expect(forecast.confidence).toBeGreaterThanOrEqual(0);
      expect(forecast.confidence).toBeLessThanOrEqual(1);
      expect(forecast.candle_ts).toBe(candles[candles.length - 1]!.ts);
      expect(forecast.current_volatility).toBeGreaterThan(0);
    });

    it('should throw INSUFFICIENT_DATA when given fewer than requiredCandles', () => {
      const run = () => sut.predict(candles.slice(0, sut.requiredCandles - 1));

      expect(run).toThrow(MarketDataError);
      expect(run).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    });
  });

  describe('predictSeries', () => {
    it('should be NaN before the first full window and positive from it', () => {
      const series = sut.predictSeries(candles);

      expect(series[sut.requiredCandles - 2]).toBeNaN();
      expect(series[sut.requiredCandles - 1]).toBeGreaterThan(0);
    });
  });

  describe('toArtifacts / fromArtifacts', () => {
    it('should give identical predictions when a model is saved and loaded', async () => {
      const loaded = await VolatilityModel.fromArtifacts(await sut.toArtifacts());
      const recent = candles.slice(-1_000);

      expect(loaded.predictSeries(recent)).toEqual(sut.predictSeries(recent));
      expect(loaded.preprocessing).toEqual({
        ...sut.preprocessing,
        files_sha256: loaded.preprocessing.files_sha256,
      });
      loaded.dispose();
    });

    it('should write the same bytes when the same model is saved twice', async () => {
      expect(artifactsChecksum(await sut.toArtifacts())).toBe(artifactsChecksum(await sut.toArtifacts()));
    });

    it('should load when the expected checksum matches', async () => {
      const artifacts = await sut.toArtifacts();

      const loaded = await VolatilityModel.fromArtifacts(artifacts, {
        checksum: artifactsChecksum(artifacts),
      });

      expect(loaded.requiredCandles).toBe(sut.requiredCandles);
      loaded.dispose();
    });

    it.each<[string, (a: ModelArtifacts) => ModelArtifacts, string]>([
      [
        'weights.bin is missing',
        (a) => ({ files: { ...a.files, [ARTIFACT_FILES.weights]: undefined! } }),
        'MISSING_FILE',
      ],
      [
        'a byte of weights.bin is corrupted',
        (a) => ({
          files: { ...a.files, [ARTIFACT_FILES.weights]: flipByte(a.files[ARTIFACT_FILES.weights]!) },
        }),
        'CHECKSUM_MISMATCH',
      ],
      [
        'model.json is corrupted',
        (a) => ({
          files: { ...a.files, [ARTIFACT_FILES.topology]: flipByte(a.files[ARTIFACT_FILES.topology]!, 0) },
        }),
        'CHECKSUM_MISMATCH',
      ],
      [
        'preprocessing.json is not JSON',
        (a) => ({
          files: {
            ...a.files,
            [ARTIFACT_FILES.preprocessing]: new TextEncoder().encode('{"format_version":'),
          },
        }),
        'CORRUPTED',
      ],
      [
        'preprocessing.json lacks the scaler',
        (a) => editPreprocessing(a, (p) => delete p['scaler']),
        'CORRUPTED',
      ],
      [
        'the feature list names an input this code does not compute',
        (a) => editPreprocessing(a, (p) => ((p['feature_columns'] as string[])[0] = 'sentiment_score')),
        'INCOMPATIBLE',
      ],
      [
        'the feature list is shorter than the network input',
        (a) =>
          editPreprocessing(a, (p) => {
            (p['feature_columns'] as string[]).pop();
            const scaler = p['scaler'] as { mean: number[]; std: number[] };
            scaler.mean.pop();
            scaler.std.pop();
          }),
        'INCOMPATIBLE',
      ],
      [
        'the scaler does not match the feature list',
        (a) => editPreprocessing(a, (p) => (p['scaler'] as { mean: number[] }).mean.pop()),
        'INCOMPATIBLE',
      ],
      [
        'the preprocessing format is newer',
        (a) => editPreprocessing(a, (p) => (p['format_version'] = 99)),
        'INCOMPATIBLE',
      ],
    ])('should refuse the artifacts with ModelArtifactError when %s', async (_, corrupt, code) => {
      const load = VolatilityModel.fromArtifacts(corrupt(await sut.toArtifacts()));

      await expect(load).rejects.toThrow(ModelArtifactError);
      await expect(load).rejects.toMatchObject({ code });
    });

    it('should refuse the artifacts with CHECKSUM_MISMATCH when they do not match the expected checksum', async () => {
      const artifacts = await sut.toArtifacts();

      const load = VolatilityModel.fromArtifacts(artifacts, { checksum: '0'.repeat(64) });

      await expect(load).rejects.toMatchObject({ name: 'ModelArtifactError', code: 'CHECKSUM_MISMATCH' });
    });
  });

  describe(artifactsChecksum.name, () => {
    it('should change when one byte of one file changes and not when the files are listed in another order', async () => {
      const artifacts = await sut.toArtifacts();
      const reordered = { files: Object.fromEntries(Object.entries(artifacts.files).reverse()) };
      const corrupted = {
        files: { ...artifacts.files, 'weights.bin': flipByte(artifacts.files['weights.bin']!) },
      };

      expect(artifactsChecksum(reordered)).toBe(artifactsChecksum(artifacts));
      expect(artifactsChecksum(corrupted)).not.toBe(artifactsChecksum(artifacts));
      expect(artifactsChecksum(artifacts)).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe(evaluateOnWindow.name, () => {
    it('should give the training report model metrics when scoring the model on its own test window', () => {
      const report = evaluateOnWindow(sut, candles, trained.evaluation.test_window);

      expect(report.test_window).toEqual(trained.evaluation.test_window);
      expect(report.model).toEqual(trained.evaluation.model);
      expect(report.baselines.persistence).toEqual(trained.evaluation.baselines.persistence);
      expect(report.baselines.ewma).toEqual(trained.evaluation.baselines.ewma);
    });

    it('should score only the baselines when no model is given', () => {
      const report = evaluateOnWindow(undefined, candles, trained.evaluation.test_window);

      expect(report.model.qlike).toBeNaN();
      expect(report.baselines.har.qlike).toBeGreaterThan(0);
      expect(report.test_window.n).toBe(trained.evaluation.test_window.n);
    });

    it('should throw INSUFFICIENT_DATA when no history precedes the window', () => {
      const window = { from_ts: candles[0]!.ts, to_ts: candles[900]!.ts };

      expect(() => evaluateOnWindow(undefined, candles, window)).toThrow(
        expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
      );
    });
  });
});
