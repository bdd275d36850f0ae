import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type Admin, type LogEntry } from 'kafkajs';
import { kafkaBrokerList, type ServicesEnv } from '@crypto/config';
import type { TopicSpec } from './topics';
import { withTimeout } from './with-timeout';

const logger = new Logger('Kafka');

// kafkajs logs through its own logger; route it to the app's so every line has one format.
const logCreator =
  () =>
  ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const line = `${message}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else logger.debug(line);
  };

export function createKafka(
  env: Pick<ServicesEnv, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'>,
  clientId?: string,
): Kafka {
  return new Kafka({
    clientId: clientId ?? env.KAFKA_CLIENT_ID,
    brokers: kafkaBrokerList(env),
    logLevel: logLevel.WARN,
    logCreator,
    retry: { retries: 5, initialRetryTime: 300 },
  });
}

/** Creates the topics that do not exist yet; returns which were created and which were already there. */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
): Promise<{ created: string[]; existing: string[] }> {
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !present.has(s.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.partitions,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: String(s.retentionMs) }],
      })),
    });
  }
  return {
    created: missing.map((s) => s.topic),
    existing: specs.filter((s) => present.has(s.topic)).map((s) => s.topic),
  };
}

/**
 * Joins and leaves one consumer group on `topic`, resolving once the broker's group coordinator answers.
 *
 * A fresh broker creates `__consumer_offsets` at the first group lookup and answers joins with "The coordinator
 * is loading" until its partitions are loaded; a client that starts then spends its first seconds in kafkajs
 * retries (and a test that stops it meanwhile leaves those retries running). Provisioning calls this so the
 * apps and tests meet a coordinator that is ready. Returns how long the join took, ms.
 */
export async function awaitGroupCoordinator(
  kafka: Kafka,
  topic: string,
  timeoutMs = 60_000,
): Promise<number> {
  const started = Date.now();
  const consumer = kafka.consumer({ groupId: 'provision-coordinator-check', maxWaitTimeInMs: 50 });
  try {
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await withTimeout(
      (async () => {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: false });
        await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
        await joined;
      })(),
      timeoutMs,
      `no consumer group join on ${topic} within ${timeoutMs} ms`,
    );
    return Date.now() - started;
  } finally {
    await consumer.disconnect();
  }
}
