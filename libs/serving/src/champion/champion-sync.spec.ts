import { Logger } from '@nestjs/common';
import type { ModelEventMessage } from '@crypto/messaging';
import { ModelLoadError, type ModelInfo, type ReloadResult } from '@crypto/registry';
import { ChampionSync, type ChampionSyncOptions } from './champion-sync';

/** The registry's ServingModel as the sync sees it: the alias names `version`; loads may be made to fail. */
class FakeServingModel {
  version = '1';
  info: ModelInfo | undefined;
  failures: Error[] = [];
  reloads = 0;

  async reload(): Promise<ReloadResult> {
    this.reloads++;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const previous = this.info?.model_version ?? null;
    if (previous === this.version) return { changed: false, info: this.info!, previous_version: previous };
    this.info = { model_name: 'm', model_version: this.version } as ModelInfo;
    return { changed: true, info: this.info, previous_version: previous };
  }
}

const promotion = (overrides: Partial<ModelEventMessage> = {}): ModelEventMessage => ({
  type: 'champion_promoted',
  model_name: 'm',
  version: '2',
  alias: 'champion',
  run_id: 'r',
  metrics: { rmse: 1, mae: 1, qlike: 1, r2: 0 },
  previous_version: '1',
  timestamp: 0,
  ...overrides,
});

const unavailable = () => new ModelLoadError('REGISTRY_UNAVAILABLE', 'MLflow did not answer');

describe(ChampionSync.name, () => {
  let serving: FakeServingModel;
  let sut: ChampionSync;
  const options: ChampionSyncOptions = {
    modelName: 'm',
    retryMinMs: 100,
    retryMaxMs: 400,
    checkIntervalMs: 0,
  };

  // the retries' log lines are the subject of no test here
  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    jest.useFakeTimers();
    serving = new FakeServingModel();
  });

  afterEach(() => {
    sut.stop();
    jest.useRealTimers();
  });

  describe('start', () => {
    it('should serve the champion when the registry answers', async () => {
      sut = new ChampionSync(serving, options);

      await sut.start();

      expect(serving.info?.model_version).toBe('1');
    });

    it('should prepare once before the first load', async () => {
      const prepare = jest.fn().mockResolvedValue('wasm');
      sut = new ChampionSync(serving, { ...options, prepare });

      await sut.start();
      await sut.sync('again');

      expect(prepare).toHaveBeenCalledTimes(1);
    });

    it('should retry with doubling delays up to the maximum until the registry answers', async () => {
      serving.failures = [unavailable(), unavailable(), unavailable(), unavailable()];
      sut = new ChampionSync(serving, options);

      await sut.start();
      expect(serving.info).toBeUndefined();
      for (const delay of [100, 200, 400, 400]) {
        await jest.advanceTimersByTimeAsync(delay - 1);
        const before = serving.reloads;
        await jest.advanceTimersByTimeAsync(1);
        expect(serving.reloads).toBe(before + 1);
      }

      expect(serving.info?.model_version).toBe('1');
    });

    it('should start the delays from the minimum again after a success', async () => {
      serving.failures = [unavailable(), unavailable()];
      sut = new ChampionSync(serving, options);
      await sut.start();
      await jest.advanceTimersByTimeAsync(100 + 200);
      expect(serving.info?.model_version).toBe('1');

      serving.version = '2';
      serving.failures = [unavailable()];
      await sut.sync('check');
      await jest.advanceTimersByTimeAsync(100);

      expect(serving.info?.model_version).toBe('2');
    });

    it('should read the alias again at every check interval', async () => {
      sut = new ChampionSync(serving, { ...options, checkIntervalMs: 1_000 });
      await sut.start();
      serving.version = '2';

      await jest.advanceTimersByTimeAsync(1_000);

      expect(serving.info?.model_version).toBe('2');
    });
  });

  describe('onEvent', () => {
    beforeEach(async () => {
      sut = new ChampionSync(serving, options);
      await sut.start();
      serving.version = '2';
    });

    it('should load the promoted version of its model', async () => {
      await sut.onEvent(promotion());

      expect(serving.info?.model_version).toBe('2');
    });

    it('should load the version a rollback restored, like a promotion', async () => {
      await sut.onEvent(promotion());
      // the rollback moved the alias back to version 1
      serving.version = '1';

      await sut.onEvent(
        promotion({ type: 'champion_rolled_back', version: '1', previous_version: '2', reason: 'drift' }),
      );

      expect(serving.info?.model_version).toBe('1');
    });

    it.each([
      ['another model', { model_name: 'other' }],
      ['the version already served', { version: '1' }],
    ])('should not reload for a promotion of %s', async (_what, overrides) => {
      const before = serving.reloads;

      await sut.onEvent(promotion(overrides));

      expect(serving.reloads).toBe(before);
    });

    it('should keep the served model and retry when loading the promoted version fails', async () => {
      serving.failures = [new ModelLoadError('BAD_ARTIFACT', 'sha256 mismatch')];

      await sut.onEvent(promotion());
      expect(serving.info?.model_version).toBe('1');
      await jest.advanceTimersByTimeAsync(100);

      expect(serving.info?.model_version).toBe('2');
    });
  });

  describe('stop', () => {
    it('should cancel the retry scheduled', async () => {
      serving.failures = [unavailable()];
      sut = new ChampionSync(serving, options);
      await sut.start();

      sut.stop();
      await jest.advanceTimersByTimeAsync(1_000);

      expect(serving.reloads).toBe(1);
    });
  });
});
