import { Logger } from '@nestjs/common';
import { loadEnv } from '@crypto/config';
import { exitOnShutdownSignal, startOpsServer, type OpsServer } from '@crypto/observability';
import { StreamProducerEnv } from './stream-producer.env';

// The stream-producer publishes candles and ticks to crypto-prices; this first version only exposes its ops endpoint (/metrics, /health) so that the
// platform's process supervision, Prometheus scraping and health checks are in place before its work lands.
export async function startStreamProducer(
  env: StreamProducerEnv = loadEnv(StreamProducerEnv),
): Promise<OpsServer> {
  const ops = await startOpsServer({
    app: 'stream-producer',
    port: env.METRICS_PORT,
    host: env.METRICS_HOST,
  });
  new Logger('StreamProducer').log(`stream-producer started`);
  return ops;
}

if (require.main === module) void startStreamProducer().then((ops) => exitOnShutdownSignal(ops));
