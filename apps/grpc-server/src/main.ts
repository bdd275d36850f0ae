import { Logger } from '@nestjs/common';
import { loadEnv } from '@crypto/config';
import { exitOnShutdownSignal, startOpsServer } from '@crypto/observability';
import { GrpcServerEnv } from './grpc-server.env';
import { startCryptoGrpcServer } from './grpc.server';

async function bootstrap(): Promise<void> {
  const logger = new Logger('GrpcServer');
  const env = loadEnv(GrpcServerEnv);
  const { server, port } = await startCryptoGrpcServer({
    host: env.GRPC_HOST,
    port: env.GRPC_PORT,
    version: process.env.npm_package_version ?? '0.1.0',
  });
  const ops = await startOpsServer({ app: 'grpc-server', port: env.METRICS_PORT, host: env.METRICS_HOST });
  logger.log(`CryptoService listening on ${env.GRPC_HOST}:${port}`);
  exitOnShutdownSignal(ops, () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())));
}

void bootstrap();
