import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createRedisConnection } from './queues';

// Real Redis started by infra/native/services.sh; a unique queue prefix isolates the test.
describe('BullMQ (real Redis)', () => {
  const env = loadEnv(ServicesEnv);
  // BullMQ does not close connections it was given: keep them to quit them at the end.
  const connections: ReturnType<typeof createRedisConnection>[] = [];
  const redis = () => {
    const c = createRedisConnection(env.REDIS_URL);
    connections.push(c);
    return c;
  };
  const connection = redis();
  const prefix = `smoke-${randomUUID()}`;
  const queue = new Queue('smoke', { connection, prefix });
  const events = new QueueEvents('smoke', { connection: redis(), prefix });
  const worker = new Worker<{ a: number; b: number }, number>(
    'smoke',
    async (job) => {
      await job.updateProgress(50);
      return job.data.a + job.data.b;
    },
    { connection: redis(), prefix },
  );

  afterAll(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await Promise.all([queue.close(), events.close()]);
    await Promise.all(connections.map((c) => c.quit()));
  });

  it('should run an enqueued job to completion and keep its result', async () => {
    await events.waitUntilReady();
    const job = await queue.add('add', { a: 2, b: 3 });
    await expect(job.waitUntilFinished(events, 15_000)).resolves.toBe(5);
    const stored = await queue.getJob(job.id!);
    expect(await stored?.getState()).toBe('completed');
    expect(stored?.progress).toBe(50);
  });

  it('should report a failing job as failed with its reason', async () => {
    const failQueue = new Queue('smoke-fail', { connection, prefix });
    const failEvents = new QueueEvents('smoke-fail', { connection: redis(), prefix });
    const failing = new Worker(
      'smoke-fail',
      async () => {
        throw new Error('boom: bad input');
      },
      { connection: redis(), prefix },
    );
    try {
      await failEvents.waitUntilReady();
      const job = await failQueue.add('explode', {}, { attempts: 1 });
      await expect(job.waitUntilFinished(failEvents, 15_000)).rejects.toThrow('boom: bad input');
      expect(await (await failQueue.getJob(job.id!))?.getState()).toBe('failed');
    } finally {
      await failing.close();
      await failQueue.obliterate({ force: true });
      await Promise.all([failQueue.close(), failEvents.close()]);
    }
  });
});
