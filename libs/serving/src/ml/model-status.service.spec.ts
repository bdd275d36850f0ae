import { ModelUnavailableError } from '../serving.errors';
import { FakeModelSource, FakeVolatilityModel, modelInfo } from '../testing/model.fakes';
import { NO_MODEL_SOURCE } from './champion-model-source';
import { ModelStatusService } from './model-status.service';

describe(ModelStatusService.name, () => {
  const served = () => new FakeModelSource(new FakeVolatilityModel(100, {} as never), modelInfo());

  describe('current', () => {
    it('should give the info of the model served', () => {
      expect(new ModelStatusService(served()).current()).toEqual(modelInfo());
    });

    it('should give undefined while no model is served', () => {
      expect(new ModelStatusService(NO_MODEL_SOURCE).current()).toBeUndefined();
    });
  });

  describe('reload', () => {
    it('should say which version is served after a reload that changed it', async () => {
      const source = served();
      source.reload = async () => ({
        changed: true,
        info: modelInfo({ model_version: '4' }),
        previous_version: '3',
      });

      await expect(new ModelStatusService(source).reload()).resolves.toEqual({
        success: true,
        message: 'now serving crypto-volatility-bilstm version 4 (was 3)',
        model_version: '4',
      });
    });

    it('should say the version is unchanged when the champion is the one served', async () => {
      const source = served();
      source.reload = async () => ({ changed: false, info: modelInfo(), previous_version: '3' });

      await expect(new ModelStatusService(source).reload()).resolves.toMatchObject({
        message: 'champion version 3 is already served',
      });
    });

    it('should answer NO_MODEL_SOURCE when no registry is wired', async () => {
      await expect(new ModelStatusService(NO_MODEL_SOURCE).reload()).rejects.toMatchObject({
        constructor: ModelUnavailableError,
        code: 'NO_MODEL_SOURCE',
      });
    });

    it('should answer RELOAD_FAILED naming the version still served when loading fails', async () => {
      const source = served();
      source.reload = async () => {
        throw new Error('MLflow unreachable');
      };

      await expect(new ModelStatusService(source).reload()).rejects.toMatchObject({
        code: 'RELOAD_FAILED',
        message: 'reloading the champion failed (MLflow unreachable); version 3 is still served',
      });
    });
  });
});
