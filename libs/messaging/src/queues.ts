import IORedis, { type RedisOptions } from 'ioredis';
import type { Topic, TopicPayload } from './topics';

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

/**
 * Redis pub/sub channels. The live ones (prices, predictions, alerts) carry the JSON of the Kafka topic of
 * the same role, for what must reach every serving replica at once (GraphQL subscriptions).
 */
export const Channel = {
  ModelEvents: 'model-events',
  Prices: 'prices',
  Predictions: 'predictions',
  Alerts: 'alerts',
} as const;
export type ChannelName = (typeof Channel)[keyof typeof Channel];

export interface ChannelPayload {
  [Channel.ModelEvents]: TopicPayload[typeof Topic.ModelEvents];
  [Channel.Prices]: TopicPayload[typeof Topic.Prices];
  [Channel.Predictions]: TopicPayload[typeof Topic.Predictions];
  [Channel.Alerts]: TopicPayload[typeof Topic.Alerts];
}

/**
 * A Redis connection suitable for BullMQ: workers block on Redis, so ioredis must retry forever
 * (`maxRetriesPerRequest: null`) instead of failing commands while Redis restarts.
 */
export function createRedisConnection(url: string, options: RedisOptions = {}): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}
