import { randomUUID } from 'node:crypto';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createKafka, TOPIC_SPECS } from '@crypto/messaging';
import { MlflowClient } from '@crypto/registry';
import { Bucket, createTestDatabase, ObjectStorage, type TestDatabase } from '@crypto/storage';
import { provision } from './provision';

// Against the real services: a fresh database and a fresh experiment name isolate this file; topics and
// buckets are the platform's own, which provisioning must leave as they are when they already exist.
describe(provision.name, () => {
  let database: TestDatabase;
  let env: ServicesEnv;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    env = loadEnv(ServicesEnv, {
      ...process.env,
      DATABASE_URL: database.url,
      MLFLOW_EXPERIMENT_NAME: `provision-test-${randomUUID()}`,
    });
  });

  afterAll(() => database.drop());

  it('should create the schema, topics, buckets and experiment, and change nothing the second time', async () => {
    const first = await provision(env);
    expect(first.migrations.applied.length).toBeGreaterThan(0);
    expect(first.groupCoordinator.joinMs).toBeGreaterThan(0);

    const second = await provision(env);
    expect(second.migrations.applied).toEqual([]);
    expect(second.topics.created).toEqual([]);
    expect(second.topics.existing.sort()).toEqual(TOPIC_SPECS.map((s) => s.topic).sort());
    expect(second.experiment.id).toBe(first.experiment.id);

    const admin = createKafka(env, 'provision-test').admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toEqual(expect.arrayContaining(TOPIC_SPECS.map((s) => s.topic)));
    } finally {
      await admin.disconnect();
    }
    const storage = ObjectStorage.fromEnv(env);
    for (const bucket of Object.values(Bucket))
      await expect(storage.bucketExists(bucket)).resolves.toBe(true);
    const experiment = await new MlflowClient(env.MLFLOW_TRACKING_URI).getExperimentByName(
      env.MLFLOW_EXPERIMENT_NAME,
    );
    expect(experiment?.experiment_id).toBe(first.experiment.id);
  });
});
