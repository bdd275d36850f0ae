import { randomBytes } from 'node:crypto';
import { AssignerProtocol, ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { withTimeout } from '../with-timeout';

export interface PartitionOffsets {
  partition: number;
  /** the first offset still kept (retention moves it) */
  low: string;
  /** the offset the next message gets */
  high: string;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicSummary {
  topic: string;
  partitions: PartitionOffsets[];
  /** messages kept: Σ high − low over the partitions */
  messages: number;
  /** `retention.ms` of the topic; −1 keeps forever */
  retention_ms: number | null;
  /** messages produced per second since the previous call that saw the topic (≥ 1 s before); null the first time */
  messages_per_s: number | null;
}

export interface GroupPartitionLag {
  topic: string;
  partition: number;
  /** the group's committed offset; null when it has committed none on that partition */
  committed: string | null;
  high: string;
  /** messages behind the high watermark (from the low watermark when nothing is committed) */
  lag: number;
}

export interface ConsumerGroupMember {
  member_id: string;
  client_id: string;
  host: string;
  assignments: { topic: string; partitions: number[] }[];
}

export interface ConsumerGroupSummary {
  group_id: string;
  /** Stable, PreparingRebalance, CompletingRebalance, Empty, Dead */
  state: string;
  protocol: string;
  members: ConsumerGroupMember[];
  partitions: GroupPartitionLag[];
  lag: number;
}

export interface TopicMessage {
  partition: number;
  offset: string;
  key: string | null;
  /** the value as text (JSON on this platform's topics) */
  value: string | null;
  /** the record's timestamp, epoch ms */
  timestamp: number;
}

/** A topic that the broker does not have: callers answer it as "not found". */
export class UnknownTopicError extends Error {
  constructor(readonly topic: string) {
    super(`topic "${topic}" does not exist`);
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * What a Kafka UI shows, read through the admin API: topics with their partitions, offsets, retention and
 * produce rates; consumer groups with their members, assignments and lag per partition; the latest messages
 * of a topic. It stands in for the Kafka UI no Docker-less machine can run (the dashboard's Kafka page).
 */
export class KafkaInspector {
  private readonly admin: Admin;
  private connected?: Promise<void>;
  /** the last offsets seen per topic, for the produce rate */
  private readonly seen = new Map<string, { at: number; total: number }>();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: { now?: () => number; groupPrefix?: string } = {},
  ) {
    this.admin = kafka.admin();
  }

  private connect(): Promise<void> {
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  async topics(): Promise<TopicSummary[]> {
    await this.connect();
    const names = (await this.admin.listTopics()).filter((name) => !name.startsWith('__')).sort();
    if (names.length === 0) return [];
    const [{ topics: metadata }, configs] = await Promise.all([
      this.admin.fetchTopicMetadata({ topics: names }),
      this.admin.describeConfigs({
        includeSynonyms: false,
        resources: names.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['retention.ms'],
        })),
      }),
    ]);
    const retention = new Map(
      configs.resources.map((r) => {
        const value = r.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
        return [r.resourceName, value === undefined ? null : Number(value)];
      }),
    );
    const now = (this.options.now ?? Date.now)();
    const summaries = await Promise.all(
      metadata.map(async ({ name, partitions }) => {
        const offsets = new Map((await this.admin.fetchTopicOffsets(name)).map((o) => [o.partition, o]));
        const rows = partitions
          .map((p) => ({
            partition: p.partitionId,
            low: offsets.get(p.partitionId)?.low ?? '0',
            high: offsets.get(p.partitionId)?.high ?? '0',
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
          }))
          .sort((a, b) => a.partition - b.partition);
        const total = sum(rows.map((r) => Number(r.high)));
        return {
          topic: name,
          partitions: rows,
          messages: sum(rows.map((r) => Number(r.high) - Number(r.low))),
          retention_ms: retention.get(name) ?? null,
          messages_per_s: this.rate(name, now, total),
        };
      }),
    );
    return summaries.sort((a, b) => a.topic.localeCompare(b.topic));
  }

  async consumerGroups(): Promise<ConsumerGroupSummary[]> {
    await this.connect();
    const ids = (await this.admin.listGroups()).groups
      .filter((g) => g.protocolType === 'consumer')
      .map((g) => g.groupId)
      .sort();
    if (ids.length === 0) return [];
    const { groups } = await this.admin.describeGroups(ids);
    // each topic's watermarks read once for all the groups
    const watermarks = new Map<string, Promise<Map<number, { low: string; high: string }>>>();
    const watermarksOf = (topic: string) => {
      let byPartition = watermarks.get(topic);
      if (!byPartition) {
        byPartition = this.admin
          .fetchTopicOffsets(topic)
          .then((offsets) => new Map(offsets.map((o) => [o.partition, { low: o.low, high: o.high }])));
        watermarks.set(topic, byPartition);
      }
      return byPartition;
    };
    const topicsThere = new Set(await this.admin.listTopics());
    return Promise.all(
      groups.map(async (group) => {
        const members = group.members.map((m) => ({
          member_id: m.memberId,
          client_id: m.clientId,
          host: m.clientHost,
          assignments: decodeAssignment(m.memberAssignment),
        }));
        // the topics it committed on, and those assigned to its members that it has not committed on yet
        const committedTopics = (await this.admin.fetchOffsets({ groupId: group.groupId })).map(
          (c) => c.topic,
        );
        const topics = [
          ...new Set([...committedTopics, ...members.flatMap((m) => m.assignments.map((a) => a.topic))]),
        ];
        const committed =
          topics.length === 0 ? [] : await this.admin.fetchOffsets({ groupId: group.groupId, topics });
        const partitions: GroupPartitionLag[] = [];
        for (const { topic, partitions: offsets } of committed) {
          if (!topicsThere.has(topic)) continue;
          const marks = await watermarksOf(topic);
          for (const { partition, offset } of offsets) {
            const { low, high } = marks.get(partition) ?? { low: '0', high: '0' };
            const from = offset === '-1' ? low : offset;
            partitions.push({
              topic,
              partition,
              committed: offset === '-1' ? null : offset,
              high,
              lag: Math.max(0, Number(high) - Number(from)),
            });
          }
        }
        partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
        return {
          group_id: group.groupId,
          state: group.state,
          protocol: group.protocol,
          members,
          partitions,
          lag: sum(partitions.map((p) => p.lag)),
        };
      }),
    );
  }

  /**
   * The latest `limit` messages of `topic` (of one partition, or of each), newest last. Read by a consumer of
   * its own that commits nothing and leaves at once (kafkajs cannot read without a group).
   */
  async latestMessages(
    topic: string,
    { limit, partition }: { limit: number; partition?: number },
  ): Promise<TopicMessage[]> {
    await this.connect();
    if (!(await this.admin.listTopics()).includes(topic)) throw new UnknownTopicError(topic);
    const offsets = (await this.admin.fetchTopicOffsets(topic)).filter(
      (o) => partition === undefined || o.partition === partition,
    );
    if (partition !== undefined && offsets.length === 0) {
      throw new RangeError(`topic "${topic}" has no partition ${partition}`);
    }
    const wanted = offsets
      .map((o) => ({
        partition: o.partition,
        from: Math.max(Number(o.low), Number(o.high) - limit),
        to: Number(o.high),
      }))
      .filter((w) => w.to > w.from);
    if (wanted.length === 0) return [];
    const messages: TopicMessage[] = [];
    const pending = new Map(wanted.map((w) => [w.partition, w]));
    let read!: () => void;
    const allRead = new Promise<void>((resolve) => (read = resolve));
    const groupId = `${this.options.groupPrefix ?? 'kafka-inspector'}-${randomBytes(4).toString('hex')}`;
    const consumer = this.kafka.consumer({
      groupId,
      maxWaitTimeInMs: 100,
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const range = pending.get(batch.partition);
          if (!range) return;
          for (const m of batch.messages) {
            const offset = Number(m.offset);
            if (offset < range.from || offset >= range.to) continue;
            messages.push({
              partition: batch.partition,
              offset: m.offset,
              key: m.key?.toString() ?? null,
              value: m.value?.toString() ?? null,
              timestamp: Number(m.timestamp),
            });
          }
          if (Number(batch.lastOffset()) >= range.to - 1) pending.delete(batch.partition);
          if (pending.size === 0) read();
        },
      });
      // each partition from where its latest `limit` messages start (kafkajs applies it once assigned)
      for (const w of wanted) consumer.seek({ topic, partition: w.partition, offset: String(w.from) });
      await withTimeout(allRead, 15_000, `reading ${topic} took longer than 15 s`);
    } finally {
      await consumer.disconnect();
      // the group was this read's alone: gone with it, not left Empty in the group list
      await this.admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return messages.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition);
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect();
    this.connected = undefined;
  }

  private rate(topic: string, now: number, total: number): number | null {
    const previous = this.seen.get(topic);
    if (!previous || now - previous.at >= 1_000) this.seen.set(topic, { at: now, total });
    if (!previous) return null;
    const seconds = (now - previous.at) / 1000;
    return seconds > 0 ? Math.round(((total - previous.total) / seconds) * 10) / 10 : null;
  }
}

function decodeAssignment(buffer: Buffer): { topic: string; partitions: number[] }[] {
  if (buffer.length === 0) return [];
  const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
  if (!decoded) return [];
  return Object.entries(decoded.assignment)
    .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
    .sort((a, b) => a.topic.localeCompare(b.topic));
}
