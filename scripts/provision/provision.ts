/**
 * Everything the services need before the apps start, idempotent (SPEC §3): database migrations, Kafka
 * topics with their dead-letter twins, a ready Kafka group coordinator, MinIO buckets, the MLflow
 * experiment. Each step reports what it created and what was already there; a failure names the step.
 */
import { Logger } from '@nestjs/common';
import type { ServicesEnv } from '@crypto/config';
import { awaitGroupCoordinator, createKafka, ensureTopics, Topic, TOPIC_SPECS } from '@crypto/messaging';
import { MlflowClient } from '@crypto/registry';
import { Bucket, ObjectStorage, runMigrations } from '@crypto/storage';

export interface ProvisionReport {
  migrations: { applied: string[] };
  topics: { created: string[]; existing: string[] };
  groupCoordinator: { joinMs: number };
  buckets: { ensured: string[] };
  experiment: { name: string; id: string };
}

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

export async function provision(env: ServicesEnv): Promise<ProvisionReport> {
  const migrations = await step('migrations', async () => ({
    applied: await runMigrations(env.DATABASE_URL),
  }));

  const topics = await step('kafka topics', async () => {
    const admin = createKafka(env, 'provision').admin();
    await admin.connect();
    try {
      return await ensureTopics(admin, TOPIC_SPECS);
    } finally {
      await admin.disconnect();
    }
  });

  // after the topics: the check joins a group on one of them
  const groupCoordinator = await step('kafka group coordinator', async () => ({
    joinMs: await awaitGroupCoordinator(createKafka(env, 'provision'), Topic.Prices),
  }));

  const buckets = await step('minio buckets', async () => {
    const storage = ObjectStorage.fromEnv(env);
    const ensured: string[] = Object.values(Bucket);
    for (const bucket of ensured) await storage.ensureBucket(bucket);
    return { ensured };
  });

  const experiment = await step('mlflow experiment', async () => ({
    name: env.MLFLOW_EXPERIMENT_NAME,
    id: await new MlflowClient(env.MLFLOW_TRACKING_URI).ensureExperiment(env.MLFLOW_EXPERIMENT_NAME),
  }));

  return { migrations, topics, groupCoordinator, buckets, experiment };
}
