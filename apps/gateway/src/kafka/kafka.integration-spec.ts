import { randomBytes } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import request from 'supertest';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createKafka, ensureTopics } from '@crypto/messaging';
import { until } from '@crypto/testing';
import { ADMIN_KEY, startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { KafkaController } from './kafka.controller';

// The Kafka page's endpoints on the real broker: a topic and a group of this run, read through the gateway.

describe(KafkaController.name, () => {
  const kafka = createKafka(loadEnv(ServicesEnv), 'gateway-kafka-test');
  const run = randomBytes(4).toString('hex');
  const topic = `test-gateway-kafka-${run}`;
  const groupId = `test-gateway-kafka-group-${run}`;
  let t: RestTestApp;
  let admin: Admin;
  let producer: Producer;
  let group: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
    await ensureTopics(admin, [{ topic, partitions: 2, retentionMs: 3_600_000 }]);
    await producer.send({
      topic,
      messages: Array.from({ length: 6 }, (_, i) => ({
        key: 'BTC/USDT',
        partition: i % 2,
        value: JSON.stringify({ symbol: 'BTC/USDT', i }),
      })),
    });
    // a group that has read and committed everything: lag 0 on both partitions
    let seen = 0;
    group = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await group.connect();
    await group.subscribe({ topics: [topic], fromBeginning: true });
    await group.run({ autoCommitThreshold: 1, eachMessage: async () => void seen++ });
    await until('the group to read the topic', () => seen >= 6);
    t = await startRestTestApp();
    await until('its commits', async () => {
      const res = await request(t.server).get('/v1/kafka/consumer-groups');
      const mine = (res.body as { group_id: string; partitions: unknown[] }[]).find(
        (g) => g.group_id === groupId,
      );
      return mine?.partitions.length === 2;
    });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await group?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
  });

  it('should list the topics with partitions, offsets and retention', async () => {
    const res = await request(t.server).get('/v1/kafka/topics').expect(200);

    const mine = (res.body as { topic: string }[]).find((x) => x.topic === topic);
    expect(mine).toMatchObject({
      topic,
      messages: 6,
      retention_ms: 3_600_000,
      partitions: [
        { partition: 0, low: '0', high: '3' },
        { partition: 1, low: '0', high: '3' },
      ],
    });
  });

  it('should list the group with its member and no lag left', async () => {
    const res = await request(t.server).get('/v1/kafka/consumer-groups').expect(200);

    const mine = (res.body as { group_id: string }[]).find((g) => g.group_id === groupId);
    expect(mine).toMatchObject({
      group_id: groupId,
      state: 'Stable',
      lag: 0,
      members: [expect.objectContaining({ assignments: [{ topic, partitions: [0, 1] }] })],
      partitions: [
        { topic, partition: 0, committed: '3', high: '3', lag: 0 },
        { topic, partition: 1, committed: '3', high: '3', lag: 0 },
      ],
    });
  });

  it('should give the latest messages of a partition to an admin only', async () => {
    const path = `/v1/kafka/topics/${topic}/messages`;
    await request(t.server).get(path).expect(401);

    const res = await request(t.server)
      .get(path)
      .query({ limit: 2, partition: 1 })
      .set('X-API-Key', ADMIN_KEY)
      .expect(200);

    expect(res.body).toEqual([
      expect.objectContaining({
        partition: 1,
        offset: '1',
        key: 'BTC/USDT',
        value: '{"symbol":"BTC/USDT","i":3}',
      }),
      expect.objectContaining({
        partition: 1,
        offset: '2',
        key: 'BTC/USDT',
        value: '{"symbol":"BTC/USDT","i":5}',
      }),
    ]);
  });

  it.each([
    [`/v1/kafka/topics/no-such-${'x'.repeat(8)}/messages`, {}, 404, /does not exist/],
    [`/v1/kafka/topics/${topic}/messages`, { partition: 9 }, 404, /no partition 9/],
    [`/v1/kafka/topics/${topic}/messages`, { limit: 0 }, 400, /^limit /],
    [`/v1/kafka/topics/bad%20name/messages`, {}, 400, /^topic /],
  ])('should answer %s %j with %d naming the problem', async (path, query, status, message) => {
    const res = await request(t.server).get(path).query(query).set('X-API-Key', ADMIN_KEY).expect(status);
    expect(res.body.message).toMatch(message);
  });
});
