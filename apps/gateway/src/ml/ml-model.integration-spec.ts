import request from 'supertest';
import { ADMIN_KEY, startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { MlModelController } from './ml-model.controller';

describe(MlModelController.name, () => {
  let t: RestTestApp;

  beforeAll(async () => {
    t = await startRestTestApp();
  });

  afterAll(() => t?.close());

  describe('GET /v1/ml/model/info', () => {
    it('should answer model_loaded false, every SPEC field null and no live scores while no model is loaded', async () => {
      const res = await request(t.server).get('/v1/ml/model/info').expect(200);

      expect(res.body).toEqual({
        model_loaded: false,
        model_name: null,
        model_version: null,
        alias: null,
        run_id: null,
        loaded_at: null,
        trained_at: null,
        sequence_length: null,
        horizon: null,
        feature_columns: null,
        metrics: null,
        baselines: null,
        backend: null,
        live_monitoring: [],
      });
    });
  });

  describe('POST /v1/ml/model/reload', () => {
    it('should answer 503 naming the missing champion while none is promoted', async () => {
      const res = await request(t.server).post('/v1/ml/model/reload').set('X-API-Key', ADMIN_KEY).expect(503);

      expect(res.body).toEqual({
        error: 'Service Unavailable',
        message: expect.stringMatching(
          /^reloading the champion failed \(no model registered as test-no-champion-[0-9a-f]+@champion\); no model is served$/,
        ),
        path: '/v1/ml/model/reload',
      });
    });

    it('should answer 401 without the API key', async () => {
      await request(t.server).post('/v1/ml/model/reload').expect(401);
    });
  });
});
