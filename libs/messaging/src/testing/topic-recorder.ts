import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { ensureTopics } from '../kafka';

/** A message as a test reads it back: key, JSON value, where it was. */
export interface RecordedMessage {
  key: string | null;
  value: Record<string, unknown>;
  partition: number;
  offset: string;
}

/**
 * Records every message of the given topics from their beginning, in a consumer group of its own, for
 * integration tests on the real broker. `fresh()` makes topics no other test file shares.
 */
export class TopicRecorder {
  readonly messages = new Map<string, RecordedMessage[]>();
  private consumer: Consumer | undefined;

  constructor(private readonly kafka: Kafka) {}

  /** Creates `count` topics `test-<name>-<random>` (3 partitions each) and returns their names. */
  static async fresh(admin: Admin, names: readonly string[], partitions = 3): Promise<string[]> {
    const suffix = randomBytes(4).toString('hex');
    const topics = names.map((name) => `test-${name}-${suffix}`);
    await ensureTopics(
      admin,
      topics.map((topic) => ({ topic, partitions, retentionMs: 3_600_000 })),
    );
    return topics;
  }

  async start(topics: readonly string[]): Promise<void> {
    for (const topic of topics) this.messages.set(topic, []);
    this.consumer = this.kafka.consumer({ groupId: `test-recorder-${randomBytes(4).toString('hex')}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.messages.get(topic)!.push({
          key: message.key?.toString() ?? null,
          value: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
          partition,
          offset: message.offset,
        });
      },
    });
  }

  of(topic: string): RecordedMessage[] {
    return this.messages.get(topic) ?? [];
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
