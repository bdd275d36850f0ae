import { ServiceUnavailableException } from '@nestjs/common';
import { StorageError, type TrainingRun } from '@crypto/storage';
import { TrainingError, type TrainingJobStatus, type TrainingRequest } from '@crypto/training';
import { MlTrainingService } from './ml-training.service';

/** The training queue as the service sees it: what was queued, or the failure the test chooses. */
class FakeTrainingJobs {
  queued: TrainingRequest[] = [];
  failWith: unknown;

  async enqueue(request: TrainingRequest): Promise<{ job_id: string }> {
    if (this.failWith) throw this.failWith;
    this.queued.push(request);
    return { job_id: 'job-1' };
  }

  async status(jobId: string): Promise<TrainingJobStatus> {
    if (this.failWith) throw this.failWith;
    return { job_id: jobId, state: 'active' } as TrainingJobStatus;
  }
}

class FakeTrainingRuns {
  failWith: unknown;

  async recent(n: number): Promise<TrainingRun[]> {
    if (this.failWith) throw this.failWith;
    return Array.from({ length: n }, (_, i) => ({ job_id: `job-${i}` }) as TrainingRun);
  }
}

const REQUEST: TrainingRequest = { symbol: 'BTC/USDT', exchange: 'binance', timeframe: '1h' };

describe(MlTrainingService.name, () => {
  let jobs: FakeTrainingJobs;
  let runs: FakeTrainingRuns;
  let redis: { status: string };
  let sut: MlTrainingService;

  beforeEach(() => {
    jobs = new FakeTrainingJobs();
    runs = new FakeTrainingRuns();
    redis = { status: 'ready' };
    sut = new MlTrainingService(jobs, runs, redis as never);
  });

  describe('start', () => {
    it('should queue the request as an API trigger', async () => {
      await expect(sut.start(REQUEST)).resolves.toEqual({ job_id: 'job-1' });

      expect(jobs.queued).toEqual([{ ...REQUEST, trigger: 'api' }]);
    });

    it('should answer 503 at once when the queue connection is not ready', async () => {
      redis.status = 'reconnecting';

      await expect(sut.start(REQUEST)).rejects.toThrow(ServiceUnavailableException);
      expect(jobs.queued).toEqual([]);
    });

    it.each([
      ['a domain refusal', new TrainingError('ALREADY_RUNNING', 'already training'), TrainingError],
      [
        'Redis refusing commands',
        new Error("Stream isn't writeable and enableOfflineQueue options is false"),
        ServiceUnavailableException,
      ],
      [
        'PostgreSQL unreachable (the run row)',
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
        StorageError,
      ],
      ['anything else', new TypeError('a bug'), TypeError],
    ])('should answer %s as %p', async (_what, failure, expected) => {
      jobs.failWith = failure;

      await expect(sut.start(REQUEST)).rejects.toThrow(expected as new () => Error);
    });
  });

  describe('status', () => {
    it('should pass a missing job on as NOT_FOUND', async () => {
      jobs.failWith = new TrainingError('NOT_FOUND', 'no training job x');

      await expect(sut.status('x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('recent', () => {
    it('should list the runs the repository gives', async () => {
      await expect(sut.recent(2)).resolves.toHaveLength(2);
    });

    it('should answer PostgreSQL unreachable as a StorageError', async () => {
      runs.failWith = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      });

      await expect(sut.recent(2)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    });
  });
});
