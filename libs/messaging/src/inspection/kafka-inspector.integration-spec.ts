import { randomBytes } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { until } from '@crypto/testing';
import { createKafka, ensureTopics } from '../kafka';
import { KafkaInspector, UnknownTopicError } from './kafka-inspector';

// The inspector on the real broker: a topic of this run with known messages, and a group that read part of it.

describe(`${KafkaInspector.name} (real Kafka)`, () => {
  const kafka = createKafka(loadEnv(ServicesEnv), 'kafka-inspector-test');
  const run = randomBytes(4).toString('hex');
  const topic = `test-inspector-${run}`;
  const groupId = `test-inspector-group-${run}`;
  let admin: Admin;
  let producer: Producer;
  let group: Consumer;
  let clock = Date.now();
  const sut = new KafkaInspector(kafka, { now: () => clock });

  // 12 messages, 4 to each partition
  const sent = Array.from({ length: 12 }, (_, i) => ({
    key: `K${i % 3}`,
    partition: i % 3,
    value: JSON.stringify({ i }),
  }));

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
    await ensureTopics(admin, [{ topic, partitions: 3, retentionMs: 7_200_000 }]);
    await producer.send({ topic, messages: sent.slice(0, 9) });
    // a group that reads the first 9 and commits them, then stays a member
    let seen = 0;
    group = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await group.connect();
    await group.subscribe({ topics: [topic], fromBeginning: true });
    await group.run({ autoCommit: true, autoCommitThreshold: 1, eachMessage: async () => void seen++ });
    await until('the group to read 9', () => seen >= 9);
    await until('its commits', async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = offsets!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
      return committed >= 9;
    });
    await group.pause([{ topic }]);
    await producer.send({ topic, messages: sent.slice(9) });
  }, 60_000);

  afterAll(async () => {
    await group?.disconnect();
    await sut.close();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
  });

  it('should list the topic with its partitions, offsets, retention and, from the second look, its rate', async () => {
    const first = (await sut.topics()).find((t) => t.topic === topic);

    expect(first).toMatchObject({ topic, messages: 12, retention_ms: 7_200_000, messages_per_s: null });
    expect(first!.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(first!.partitions.reduce((n, p) => n + Number(p.high) - Number(p.low), 0)).toBe(12);
    expect((await sut.topics()).map((t) => t.topic)).not.toContain('__consumer_offsets');

    await producer.send({ topic, messages: [{ key: 'K0', partition: 0, value: '{"late":true}' }] });
    clock += 2_000;
    const second = (await sut.topics()).find((t) => t.topic === topic);
    expect(second).toMatchObject({ messages: 13, messages_per_s: 0.5 });
  });

  it('should give the group with its member, assignments and the lag it has left on each partition', async () => {
    const summary = (await sut.consumerGroups()).find((g) => g.group_id === groupId);

    expect(summary).toMatchObject({ group_id: groupId, state: 'Stable', protocol: 'RoundRobinAssigner' });
    expect(summary!.members).toHaveLength(1);
    expect(summary!.members[0]!.assignments).toEqual([{ topic, partitions: [0, 1, 2] }]);
    // behind: the 3 messages sent after the group paused, and the first test's 13th
    expect(summary!.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(summary!.lag).toBe(4);
    expect(summary!.partitions.every((p) => Number(p.high) - Number(p.committed) === p.lag)).toBe(true);
  });

  it('should read the latest messages of each partition, or of one, newest last', async () => {
    const latest = await sut.latestMessages(topic, { limit: 2 });

    expect(latest).toHaveLength(6);
    const partitions = new Set(latest.map((m) => m.partition));
    expect(partitions.size).toBe(3);
    for (const p of partitions) {
      const offsets = latest.filter((m) => m.partition === p).map((m) => Number(m.offset));
      expect(offsets[1]! - offsets[0]!).toBe(1);
    }
    expect(latest.map((m) => m.value)).toContain('{"late":true}');
    const timestamps = latest.map((m) => m.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));

    const one = await sut.latestMessages(topic, { limit: 10, partition: latest[0]!.partition });
    expect(one.every((m) => m.partition === latest[0]!.partition)).toBe(true);
    expect(one.length).toBeGreaterThanOrEqual(4);
  }, 30_000);

  it('should name a topic that does not exist and a partition it does not have', async () => {
    await expect(sut.latestMessages(`no-such-${run}`, { limit: 5 })).rejects.toBeInstanceOf(
      UnknownTopicError,
    );
    await expect(sut.latestMessages(topic, { limit: 5, partition: 7 })).rejects.toThrow(
      `topic "${topic}" has no partition 7`,
    );
  });
});
