import { DEFAULT_MODEL_CONFIG } from '@crypto/model';
import { resolveTrainingRequest, type TrainingRequest } from './training.request';

const request = (over: Partial<TrainingRequest> = {}): TrainingRequest => ({
  symbol: 'btcusdt',
  exchange: 'binance',
  timeframe: '1h',
  ...over,
});

describe(resolveTrainingRequest.name, () => {
  it('should normalise the symbol and fill the defaults', () => {
    expect(resolveTrainingRequest(request())).toMatchObject({
      symbol: 'BTC/USDT',
      register: true,
      trigger: 'api',
      limit: null,
      config: DEFAULT_MODEL_CONFIG,
    });
  });

  it('should let the request override the defaults, and epochs override both', () => {
    const sut = resolveTrainingRequest(request({ config: { units: 4, epochs: 9 }, epochs: 2 }), {
      epochs: 5,
      units: 8,
    });
    expect(sut.config).toMatchObject({ units: 4, epochs: 2 });
  });

  it.each([
    ['symbol', { symbol: 'BTC-USDT-X' }],
    ['timeframe', { timeframe: '7x' }],
    ['exchange', { exchange: 'Bin ance' }],
    ['epochs', { epochs: 0 }],
    ['limit', { limit: 2.5 }],
  ])('should name %s when it is wrong', (field, over) => {
    expect(() => resolveTrainingRequest(request(over))).toThrow(new RegExp(`^${field}:`));
  });
});
