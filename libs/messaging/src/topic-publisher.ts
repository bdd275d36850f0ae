import type { Kafka, Producer, TopicMessages } from 'kafkajs';

/** One JSON record to publish: its topic, its key (the symbol: one partition per market), its value. */
export interface OutgoingRecord {
  topic: string;
  key: string;
  value: object;
}

/**
 * A Kafka producer of JSON records: idempotent (a retried send is written once), acknowledged by every
 * in-sync replica, and batched — `publish` sends all its records in one request per broker and resolves
 * once every one is acknowledged, so a caller that commits afterwards never commits an unwritten output.
 */
export class TopicPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    // idempotence needs one request in flight per connection to keep the order of a partition
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect();
    return this.connected;
  }

  async publish(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, TopicMessages>();
    for (const { topic, key, value } of records) {
      let batch = byTopic.get(topic);
      if (!batch) byTopic.set(topic, (batch = { topic, messages: [] }));
      batch.messages.push({ key, value: JSON.stringify(value) });
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic.values()] });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
