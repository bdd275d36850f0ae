import {
  Server,
  ServerCredentials,
  status,
  type ServerWritableStream,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadCryptoService } from './crypto-service.definition';

export interface CryptoGrpcServerOptions {
  host: string;
  port: number;
  version: string;
}

const unimplemented = (rpc: string) => (_call: unknown, callback: (err: Partial<ServiceError>) => void) =>
  callback({
    code: status.UNIMPLEMENTED,
    message: `${rpc} is not served yet by this version of the grpc-server`,
  });

/**
 * The gRPC transport of CryptoService. Market data, signals and the model RPCs are wired to the shared
 * services as those land; until then they answer UNIMPLEMENTED with a message instead of hanging.
 */
export async function startCryptoGrpcServer(
  options: CryptoGrpcServerOptions,
): Promise<{ server: Server; port: number }> {
  const service = loadCryptoService().service;
  const implementation: UntypedServiceImplementation = {
    HealthCheck: (_call: unknown, callback: (err: null, res: object) => void) =>
      callback(null, {
        status: 'ok',
        ml_available: false,
        timestamp: new Date().toISOString(),
        version: options.version,
      }),
    GetOHLCV: unimplemented('GetOHLCV'),
    GenerateSignal: unimplemented('GenerateSignal'),
    GenerateMLPrediction: unimplemented('GenerateMLPrediction'),
    CompareSignals: unimplemented('CompareSignals'),
    StreamPrices: (call: ServerWritableStream<unknown, unknown>) =>
      call.destroy(
        Object.assign(new Error('StreamPrices is not served yet by this version of the grpc-server'), {
          code: status.UNIMPLEMENTED,
        }),
      ),
  };
  const server = new Server();
  server.addService(service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return { server, port };
}
