import IORedis, { type RedisOptions } from 'ioredis';

/** BullMQ queue and job names (SPEC §7) in one typed map (STYLE §7). */
export const QueueName = { Training: 'training' } as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const TrainingJob = {
  Schedule: 'schedule-training',
  Extract: 'extract',
  Validate: 'validate-quality',
  BuildDataset: 'build-dataset',
  Train: 'train',
  Evaluate: 'evaluate',
  Register: 'register',
  Promote: 'promote',
} as const;
export type TrainingJobName = (typeof TrainingJob)[keyof typeof TrainingJob];

/** Redis pub/sub channels. */
export const Channel = { ModelEvents: 'model-events' } as const;

/**
 * A Redis connection suitable for BullMQ: workers block on Redis, so ioredis must retry forever
 * (`maxRetriesPerRequest: null`) instead of failing commands while Redis restarts.
 */
export function createRedisConnection(url: string, options: RedisOptions = {}): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}
