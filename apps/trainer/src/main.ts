import { Logger } from '@nestjs/common';
import { loadEnv } from '@crypto/config';
import { exitOnShutdownSignal, startOpsServer, type OpsServer } from '@crypto/observability';
import { TrainerEnv } from './trainer.env';

// The trainer schedules and runs the training flow; this first version only exposes its ops endpoint (/metrics, /health) so that the
// platform's process supervision, Prometheus scraping and health checks are in place before its work lands.
export async function startTrainer(env: TrainerEnv = loadEnv(TrainerEnv)): Promise<OpsServer> {
  const ops = await startOpsServer({ app: 'trainer', port: env.METRICS_PORT, host: env.METRICS_HOST });
  new Logger('Trainer').log(`trainer started`);
  return ops;
}

if (require.main === module) void startTrainer().then((ops) => exitOnShutdownSignal(ops));
