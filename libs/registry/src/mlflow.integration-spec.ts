import { randomUUID } from 'node:crypto';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { Bucket, ObjectStorage } from '@crypto/storage';
import { MlflowClient } from './mlflow.client';

// Real MLflow tracking server (PostgreSQL backend store, artifacts proxied to MinIO's `mlflow` bucket).
describe(`${MlflowClient.name} (real tracking server)`, () => {
  const env = loadEnv(ServicesEnv);
  const sut = new MlflowClient(env.MLFLOW_TRACKING_URI);
  const objects = ObjectStorage.fromEnv(env);
  const experimentName = `smoke-${randomUUID()}`;

  it('should be healthy', async () => {
    await expect(sut.health()).resolves.toBe(true);
  });

  it('should create an experiment once and find it again by name', async () => {
    const id = await sut.ensureExperiment(experimentName);
    await expect(sut.ensureExperiment(experimentName)).resolves.toBe(id);
    expect((await sut.getExperimentByName(experimentName))?.experiment_id).toBe(id);
  });

  it('should return null for an experiment that does not exist', async () => {
    await expect(sut.getExperimentByName(`missing-${randomUUID()}`)).resolves.toBeNull();
  });

  it('should record a run with params, per-step metrics and an artifact stored in the mlflow bucket', async () => {
    const experimentId = await sut.ensureExperiment(experimentName);
    const run = await sut.createRun(experimentId, { runName: 'smoke', tags: { 'crypto.backend': 'none' } });
    expect(run.artifact_uri).toMatch(/^mlflow-artifacts:\//);

    await sut.logBatch(run.run_id, {
      params: { epochs: 3, lookback: 48 },
      metrics: [0.9, 0.5, 0.3].map((value, step) => ({ key: 'loss', value, step })),
    });
    const report = JSON.stringify({ rmse: 0.01 });
    await sut.uploadArtifact(run, 'evaluation/report.json', report, 'application/json');
    await sut.endRun(run.run_id, 'FINISHED');

    const stored = await sut.getRun(run.run_id);
    expect(stored.info.status).toBe('FINISHED');
    expect(stored.data.params).toEqual(expect.arrayContaining([{ key: 'epochs', value: '3' }]));
    expect(stored.data.metrics?.find((m) => m.key === 'loss')?.value).toBe(0.3); // latest step
    expect(await sut.listArtifacts(run.run_id, 'evaluation')).toEqual([
      expect.objectContaining({ path: 'evaluation/report.json' }),
    ]);
    expect((await sut.downloadArtifact(run, 'evaluation/report.json')).toString()).toBe(report);

    // The tracking server proxies artifacts to MinIO: the object is really in the `mlflow` bucket.
    const keys = (await objects.list(Bucket.Mlflow, `${experimentId}/${run.run_id}/`)).map((o) => o.key);
    expect(keys).toContain(`${experimentId}/${run.run_id}/artifacts/evaluation/report.json`);
  });

  it('should name the missing run in its error', async () => {
    await expect(sut.getRun('0123456789abcdef0123456789abcdef')).rejects.toThrow(/RESOURCE_DOES_NOT_EXIST/);
  });
});
