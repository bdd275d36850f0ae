import { Logger } from '@nestjs/common';
import { loadEnv } from '@crypto/config';
import { exitOnShutdownSignal, startOpsServer, type OpsServer } from '@crypto/observability';
import { StreamConsumerEnv } from './stream-consumer.env';

// The stream-consumer turns crypto-prices into predictions and alerts; this first version only exposes its ops endpoint (/metrics, /health) so that the
// platform's process supervision, Prometheus scraping and health checks are in place before its work lands.
export async function startStreamConsumer(
  env: StreamConsumerEnv = loadEnv(StreamConsumerEnv),
): Promise<OpsServer> {
  const ops = await startOpsServer({
    app: 'stream-consumer',
    port: env.METRICS_PORT,
    host: env.METRICS_HOST,
  });
  new Logger('StreamConsumer').log(`stream-consumer started`);
  return ops;
}

if (require.main === module) void startStreamConsumer().then((ops) => exitOnShutdownSignal(ops));
