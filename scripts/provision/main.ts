/**
 * `pnpm provision`: everything the services need before the apps start, idempotent (SPEC §3):
 * database migrations, Kafka topics with their dead-letter twins, MinIO buckets, the MLflow experiment.
 * Each step says what it created and what was already there; any failure names the step and exits 1.
 */
import { Logger } from '@nestjs/common';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createKafka, ensureTopics, TOPIC_SPECS } from '@crypto/messaging';
import { MlflowClient } from '@crypto/registry';
import { Bucket, ObjectStorage, runMigrations } from '@crypto/storage';

const logger = new Logger('Provision');

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await work();
    logger.log(`${name}: ${JSON.stringify(result)} (${Date.now() - started} ms)`);
    return result;
  } catch (e) {
    throw new Error(`provisioning step "${name}" failed: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}

async function main(): Promise<void> {
  const env = loadEnv(ServicesEnv);

  await step('migrations', async () => ({ applied: await runMigrations(env.DATABASE_URL) }));

  await step('kafka topics', async () => {
    const admin = createKafka(env, 'provision').admin();
    await admin.connect();
    try {
      return await ensureTopics(admin, TOPIC_SPECS);
    } finally {
      await admin.disconnect();
    }
  });

  await step('minio buckets', async () => {
    const storage = ObjectStorage.connect({
      endpoint: env.MINIO_ENDPOINT,
      accessKey: env.MINIO_ACCESS_KEY,
      secretKey: env.MINIO_SECRET_KEY,
    });
    const buckets = Object.values(Bucket);
    for (const bucket of buckets) await storage.ensureBucket(bucket);
    return { ensured: buckets };
  });

  await step('mlflow experiment', async () => ({
    experiment: env.MLFLOW_EXPERIMENT_NAME,
    id: await new MlflowClient(env.MLFLOW_TRACKING_URI).ensureExperiment(env.MLFLOW_EXPERIMENT_NAME),
  }));
}

main().then(
  () => logger.log('Provisioning complete'),
  (e: unknown) => {
    logger.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
