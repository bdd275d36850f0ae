import type { VolatilityModel } from '@crypto/model';
import type { ModelVersion } from '../mlflow.schemas';
import type { ChampionModelLoader, LoadedModel, ModelInfo } from './champion-model.loader';
import { ModelLoadError } from './model-load.error';
import { ServingModel } from './serving-model';

/** A registry of our own in-process (STYLE §11): the alias names `version`; loading may be made to fail. */
class FakeLoader implements Pick<ChampionModelLoader, 'resolve' | 'loadVersion' | 'modelName'> {
  readonly modelName = 'm';
  version = '1';
  failWith: Error | undefined;
  readonly models: { version: string; disposed: boolean }[] = [];

  async resolve(): Promise<ModelVersion> {
    return { name: 'm', version: this.version, source: 's', tags: [], aliases: [] } as ModelVersion;
  }

  async loadVersion(version: ModelVersion): Promise<LoadedModel> {
    if (this.failWith) throw this.failWith;
    const model = { version: version.version, disposed: false };
    this.models.push(model);
    const handle = { dispose: () => void (model.disposed = true) } as unknown as VolatilityModel;
    return { model: handle, info: { model_version: version.version } as ModelInfo };
  }
}

describe(ServingModel.name, () => {
  let loader: FakeLoader;
  let sut: ServingModel;

  beforeEach(async () => {
    loader = new FakeLoader();
    sut = new ServingModel(loader);
  });

  describe('use', () => {
    it('should refuse with NO_MODEL when nothing is loaded', async () => {
      await expect(sut.use(() => 1)).rejects.toMatchObject({ code: 'NO_MODEL' });
    });
  });

  describe('reload', () => {
    it('should serve the version the alias names', async () => {
      await expect(sut.reload()).resolves.toMatchObject({ changed: true, previous_version: null });
      expect(sut.info?.model_version).toBe('1');
    });

    it('should not load again when the alias still names the served version', async () => {
      await sut.reload();
      await expect(sut.reload()).resolves.toMatchObject({ changed: false });
      expect(loader.models).toHaveLength(1);
    });

    it('should swap to the new version and dispose the old one when no request uses it', async () => {
      await sut.reload();
      loader.version = '2';
      await expect(sut.reload()).resolves.toMatchObject({ changed: true, previous_version: '1' });
      expect(sut.info?.model_version).toBe('2');
      expect(loader.models.map((m) => m.disposed)).toEqual([true, false]);
    });

    it('should keep the old model for a request in flight and dispose it when that request ends', async () => {
      await sut.reload();
      const lease = sut.acquire()!;
      loader.version = '2';
      await sut.reload();
      expect(loader.models[0]!.disposed).toBe(false);
      expect(lease.info.model_version).toBe('1');
      lease.release();
      lease.release(); // a second release changes nothing
      expect(loader.models[0]!.disposed).toBe(true);
      expect(loader.models[1]!.disposed).toBe(false);
    });

    it('should keep serving the current model when loading the new one fails', async () => {
      await sut.reload();
      loader.version = '2';
      loader.failWith = new ModelLoadError('BAD_ARTIFACT', 'sha256 mismatch');
      await expect(sut.reload()).rejects.toMatchObject({ code: 'BAD_ARTIFACT' });
      expect(sut.info?.model_version).toBe('1');
      await expect(sut.use((_model, info) => info.model_version)).resolves.toBe('1');
    });

    it('should run reloads one after the other', async () => {
      const [a, b] = await Promise.all([sut.reload(), sut.reload()]);
      expect([a.changed, b.changed]).toEqual([true, false]);
      expect(loader.models).toHaveLength(1);
    });
  });

  describe('close', () => {
    it('should dispose the served model once its requests end', async () => {
      await sut.reload();
      const lease = sut.acquire()!;
      sut.close();
      expect(sut.loaded).toBe(false);
      expect(loader.models[0]!.disposed).toBe(false);
      lease.release();
      expect(loader.models[0]!.disposed).toBe(true);
    });
  });
});
