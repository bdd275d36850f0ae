import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createKafka, ensureTopics } from './kafka';

// Real broker started by infra/native/services.sh (or compose); a fresh topic per run isolates the test.
describe('Kafka (real broker)', () => {
  const env = loadEnv(ServicesEnv);
  const kafka = createKafka(env, 'kafka-smoke-test');
  const topic = `smoke-${randomUUID()}`;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
    await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await Promise.all([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  });

  it('should create a topic once and report it as existing the second time', async () => {
    const spec = { topic, partitions: 2, retentionMs: 60_000 };
    expect(await ensureTopics(admin, [spec])).toEqual({ created: [topic], existing: [] });
    expect(await ensureTopics(admin, [spec])).toEqual({ created: [], existing: [topic] });
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata?.partitions).toHaveLength(2);
  });

  it('should deliver produced messages to a consumer, in order per key', async () => {
    const sent = Array.from({ length: 5 }, (_, i) => ({ symbol: 'BTC/USDT', price: 100 + i }));
    const received: unknown[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(JSON.parse(message.value!.toString()));
          if (received.length === sent.length) resolve();
        },
      });
    });
    await producer.send({ topic, messages: sent.map((m) => ({ key: m.symbol, value: JSON.stringify(m) })) });
    await done;
    expect(received).toEqual(sent);
  });
});
