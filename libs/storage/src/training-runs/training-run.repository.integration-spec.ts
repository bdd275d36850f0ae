import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { TrainingRunRepository } from './training-run.repository';

describe(`${TrainingRunRepository.name} (real PostgreSQL)`, () => {
  let db: TestDatabase;
  let sut: TrainingRunRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = new TrainingRunRepository(db.pool);
  });
  afterAll(() => db.drop());

  describe('start', () => {
    it('should record a queued run with its params', async () => {
      const run = await sut.start('flow-a', { symbol: 'BTC/USDT', epochs: 2 });
      expect(run).toMatchObject({
        job_id: 'flow-a',
        status: 'queued',
        params: { symbol: 'BTC/USDT', epochs: 2 },
      });
      expect(run.finished_at).toBeNull();
    });

    it('should keep the first row when the same job starts again', async () => {
      const first = await sut.start('flow-b', { epochs: 1 });
      const again = await sut.start('flow-b', { epochs: 9 });
      expect(again.id).toBe(first.id);
      expect(again.params).toEqual({ epochs: 1 });
    });
  });

  describe('update', () => {
    it('should set only the columns given, JSON included', async () => {
      await sut.start('flow-c', {});
      await sut.update('flow-c', { status: 'running', step: 'train', mlflow_run_id: 'r1' });
      const done = await sut.update('flow-c', {
        status: 'completed',
        metrics: { qlike: 0.3 },
        decision: 'challenger',
        reason: 'loses to ewma',
        finished_at: new Date('2025-01-01T00:00:00Z'),
      });
      expect(done).toMatchObject({
        status: 'completed',
        step: 'train',
        mlflow_run_id: 'r1',
        metrics: { qlike: 0.3 },
        baselines: null,
        decision: 'challenger',
        reason: 'loses to ewma',
      });
      expect(done?.finished_at?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    });

    it('should ignore keys that are not columns it may set', async () => {
      await sut.start('flow-d', {});
      const patch = { status: 'failed', 'job_id = NULL; --': 'x' } as never;
      await expect(sut.update('flow-d', patch)).resolves.toMatchObject({
        job_id: 'flow-d',
        status: 'failed',
      });
    });

    it('should return undefined for an unknown job', async () => {
      await expect(sut.update('missing', { status: 'failed' })).resolves.toBeUndefined();
    });
  });

  describe('recent', () => {
    it('should list the latest runs first, at most n', async () => {
      const recent = await sut.recent(2);
      expect(recent.map((r) => r.job_id)).toEqual(['flow-d', 'flow-c']);
    });
  });

  describe('updateByMlflowRun', () => {
    it('should set the columns of the run of that MLflow run only', async () => {
      await sut.start('flow-e', {});
      await sut.start('flow-f', {});
      await sut.update('flow-e', { mlflow_run_id: 'run-e', decision: 'champion' });
      await sut.update('flow-f', { mlflow_run_id: 'run-f', decision: 'champion' });

      const updated = await sut.updateByMlflowRun('run-e', { decision: 'rolled_back', reason: 'drift' });

      expect(updated).toMatchObject({ job_id: 'flow-e', decision: 'rolled_back', reason: 'drift' });
      expect(await sut.get('flow-f')).toMatchObject({ decision: 'champion', reason: null });
    });

    it('should return undefined when no run has that MLflow run', async () => {
      await expect(sut.updateByMlflowRun('run-missing', { decision: 'x' })).resolves.toBeUndefined();
    });
  });
});
