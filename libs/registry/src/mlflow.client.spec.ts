import { MlflowClient } from './mlflow.client';
import { MlflowError } from './mlflow.error';

describe(MlflowClient.name, () => {
  // Port 9 (discard) is closed on loopback: the client must turn that into a typed, named failure.
  const sut = new MlflowClient('http://127.0.0.1:9/', 2_000);

  describe('health', () => {
    it('should be false when nothing answers', async () => {
      await expect(sut.health()).resolves.toBe(false);
    });
  });

  describe('ensureExperiment', () => {
    it('should throw UNAVAILABLE naming the server when nothing answers', async () => {
      const call = sut.ensureExperiment('x');
      await expect(call).rejects.toBeInstanceOf(MlflowError);
      await expect(sut.ensureExperiment('x')).rejects.toThrow(
        /MLflow at http:\/\/127\.0\.0\.1:9 did not answer/,
      );
    });
  });

  describe('uploadArtifact', () => {
    it('should refuse a run whose artifacts are not behind the tracking server proxy', async () => {
      const run = {
        run_id: 'r1',
        experiment_id: '1',
        status: 'RUNNING' as const,
        artifact_uri: 's3://bucket/1/r1/artifacts',
      };
      await expect(sut.uploadArtifact(run, 'a.txt', 'x')).rejects.toThrow(
        'stores artifacts at s3://bucket/1/r1/artifacts',
      );
    });
  });
});
