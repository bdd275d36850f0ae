import { credentials, type Client, type Server, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { CRYPTO_PROTO_PATH, loadCryptoService, protoLoaderOptions } from './crypto-service.definition';
import { startCryptoGrpcServer } from './grpc.server';

type Unary = (req: object, cb: (err: ServiceError | null, res: Record<string, unknown>) => void) => void;

describe(startCryptoGrpcServer.name, () => {
  let server: Server;
  let client: Client & Record<string, Unary>;

  beforeAll(async () => {
    const started = await startCryptoGrpcServer({ host: '127.0.0.1', port: 0, version: '9.9.9' });
    server = started.server;
    const CryptoService = loadCryptoService();
    client = new CryptoService(
      `127.0.0.1:${started.port}`,
      credentials.createInsecure(),
    ) as unknown as Client & Record<string, Unary>;
  });

  afterAll(() => {
    client.close();
    server.forceShutdown();
  });

  const call = (rpc: string, req: object) =>
    new Promise<Record<string, unknown>>((resolve, reject) =>
      client[rpc]!.call(client, req, (err, res) => (err ? reject(err) : resolve(res))),
    );

  it('should answer HealthCheck over a real gRPC channel', async () => {
    const res = await call('HealthCheck', {});
    expect(res).toMatchObject({ status: 'ok', ml_available: false, version: '9.9.9' });
    expect(new Date(res['timestamp'] as string).getTime()).not.toBeNaN();
  });

  it('should answer an RPC not wired yet with UNIMPLEMENTED and its name', async () => {
    await expect(call('GenerateSignal', { symbol: 'BTCUSDT' })).rejects.toMatchObject({
      code: 12,
      details: expect.stringContaining('GenerateSignal'),
    });
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
