import { loadSync } from '@grpc/proto-loader';
import {
  CRYPTO_PROTO_PATH,
  loadCryptoService,
  loadServedDefinitions,
  protoLoaderOptions,
} from './crypto-service.definition';

describe(loadServedDefinitions.name, () => {
  it('should hold CryptoService and the standard health service, for reflection', () => {
    const definition = loadServedDefinitions();
    expect(Object.keys(definition)).toEqual(
      expect.arrayContaining(['crypto.CryptoService', 'grpc.health.v1.Health']),
    );
    expect(Object.keys(loadCryptoService(definition).service)).toEqual([
      'GetOHLCV',
      'GenerateSignal',
      'GenerateMLPrediction',
      'CompareSignals',
      'HealthCheck',
      'StreamPrices',
    ]);
  });
});

describe('crypto_service.proto', () => {
  const definition = loadSync(CRYPTO_PROTO_PATH, protoLoaderOptions);
  const fields = (message: string) =>
    Object.fromEntries(
      (
        definition[`crypto.${message}`] as unknown as {
          type: { field: { name: string; number: number; type: string; label: string }[] };
        }
      ).type.field.map((f) => [
        f.name,
        `${f.number}:${f.type.replace('TYPE_', '').toLowerCase()}${f.label === 'LABEL_REPEATED' ? '[]' : ''}`,
      ]),
    );

  it.each([
    ['OHLCVRequest', { symbol: '1:string', exchange: '2:string', timeframe: '3:string', limit: '4:int32' }],
    [
      'SignalRequest',
      {
        symbol: '1:string',
        horizon_min: '2:int32',
        explain: '3:bool',
        exchange: '4:string',
        timeframe: '5:string',
        limit: '6:int32',
      },
    ],
    [
      'MLPredictionRequest',
      {
        symbol: '1:string',
        exchange: '2:string',
        timeframe: '3:string',
        limit: '4:int32',
        include_heuristic: '5:bool',
      },
    ],
    ['StreamRequest', { symbols: '1:string[]', update_interval_ms: '2:int32' }],
    [
      'OHLCVData',
      {
        timestamp: '1:int64',
        open: '2:double',
        high: '3:double',
        low: '4:double',
        close: '5:double',
        volume: '6:double',
      },
    ],
    [
      'HealthCheckResponse',
      { status: '1:string', ml_available: '2:bool', timestamp: '3:string', version: '4:string' },
    ],
    [
      'PriceUpdate',
      {
        symbol: '1:string',
        price: '2:double',
        change_24h: '3:double',
        volume_24h: '4:double',
        timestamp: '5:int64',
        volatility: '6:double',
        regime: '7:string',
      },
    ],
    ['MLVsHeuristic', { volatility_diff: '1:double', regime_match: '2:bool' }],
  ])('should keep the SPEC §8 field numbers of %s', (message, expected) => {
    expect(fields(message)).toEqual(expected);
  });
});
