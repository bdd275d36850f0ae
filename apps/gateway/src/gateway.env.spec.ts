import { loadEnv } from '@crypto/config';
import { GatewayEnv } from './gateway.env';

describe(GatewayEnv.name, () => {
  it('should serve the platform champion and queue on the trainer queue by default', () => {
    expect(loadEnv(GatewayEnv, {})).toMatchObject({
      MODEL_NAME: 'crypto-volatility-bilstm',
      MODEL_ALIAS: 'champion',
      TRAINING_QUEUE_PREFIX: 'bull',
      TRAINING_ATTEMPTS: 3,
      TRAINING_BACKOFF_MS: 30_000,
      MODEL_RETRY_MIN_MS: 1_000,
      MODEL_RETRY_MAX_MS: 60_000,
      MODEL_CHECK_INTERVAL_S: 300,
    });
  });

  it('should read the shared model and queue settings as typed values', () => {
    const env = loadEnv(GatewayEnv, { TRAINING_ATTEMPTS: '5', MODEL_BACKEND: 'wasm', MODEL_NAME: 'm' });

    expect(env).toMatchObject({ TRAINING_ATTEMPTS: 5, MODEL_BACKEND: 'wasm', MODEL_NAME: 'm' });
  });

  it.each([
    ['TRAINING_ATTEMPTS', '0'],
    ['TRAINING_BACKOFF_MS', '-1'],
    ['MODEL_BACKEND', 'gpu'],
    ['MODEL_RETRY_MIN_MS', '5'],
    ['MODEL_CHECK_INTERVAL_S', 'often'],
  ])('should refuse %s=%s', (key, value) => {
    expect(() => loadEnv(GatewayEnv, { [key]: value })).toThrow(new RegExp(key));
  });
});
