import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv } from '@crypto/market-data';
import type { LatestPriceFeed } from '@crypto/messaging';
import { exitOnShutdownSignal, startOpsServer } from '@crypto/observability';
import { CryptoGrpcServer } from './crypto-grpc.server';
import { CryptoGrpcService, LIVE_PRICE_FEED } from './crypto/crypto-grpc.service';
import { GrpcHealth } from './grpc-health';
import { GRPC_METRICS_REGISTRY, GrpcServerModule } from './grpc-server.module';
import { GrpcServerEnv } from './grpc-server.env';

async function bootstrap(): Promise<void> {
  const env = loadEnv(GrpcServerEnv);
  const app = await NestFactory.createApplicationContext(
    GrpcServerModule.forRoot({
      env,
      marketData: loadEnv(MarketDataEnv),
      version: process.env.npm_package_version ?? '0.1.0',
    }),
  );
  const health = app.get(GrpcHealth);
  const crypto = app.get(CryptoGrpcService);
  const feed = app.get<LatestPriceFeed>(LIVE_PRICE_FEED);
  const ops = await startOpsServer({
    app: 'grpc-server',
    port: env.METRICS_PORT,
    host: env.METRICS_HOST,
    registry: app.get(GRPC_METRICS_REGISTRY),
    health: () => ({
      status: health.status === 'SERVING' ? 'ok' : 'degraded',
      grpc: {
        port: app.get(CryptoGrpcServer).port,
        health: health.status,
        problem: health.problem || undefined,
      },
      streams: crypto.activeStreams,
      price_feed: { status: feed.status, error: feed.lastError },
    }),
  });
  exitOnShutdownSignal(ops, () => app.close());
}

void bootstrap();
