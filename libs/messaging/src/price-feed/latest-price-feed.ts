import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { Topic } from '../topics';
import type { PriceTick } from '../topics';
import { isPriceTick, parsePriceMessage, type PriceFeedMessage } from './price-messages';

export interface LatestPriceFeedOptions {
  /** default `crypto-prices` */
  topic?: string;
  /** the consumer group is `<groupPrefix>-<host>-<pid>-<random>`, this process's alone */
  groupPrefix: string;
  /** how long the broker may hold a fetch with nothing new, ms: small, so a tick reaches the listeners at once */
  maxWaitMs?: number;
}

export type PriceFeedStatus = 'stopped' | 'connecting' | 'live' | 'down';

/**
 * The live `crypto-prices` messages for every listener of this process, from the latest offsets. kafkajs has
 * no consumer without a group, so the group is this process's alone and never commits an offset: every
 * instance reads everything from where the topic is when it starts, and an empty group with no offsets is
 * left for the broker to forget. Malformed messages are counted and skipped (the stream consumer owns the
 * dead-letter topic); a listener that throws is logged and stops neither the feed nor the others. While Kafka
 * is away kafkajs reconnects by itself; `status` says `down` with the last error meanwhile.
 */
export class LatestPriceFeed {
  private readonly logger = new Logger(LatestPriceFeed.name);
  private readonly listeners = new Set<(message: PriceFeedMessage) => void>();
  private readonly ticks = new Map<string, PriceTick>();
  private readonly reasons = new Set<string>();
  private consumer: Consumer | undefined;
  private current: PriceFeedStatus = 'stopped';
  private problem = '';
  private malformedCount = 0;
  readonly topic: string;
  readonly groupId: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: LatestPriceFeedOptions,
  ) {
    this.topic = options.topic ?? Topic.Prices;
    this.groupId = `${options.groupPrefix}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  get status(): PriceFeedStatus {
    return this.current;
  }

  get lastError(): string {
    return this.problem;
  }

  get malformed(): number {
    return this.malformedCount;
  }

  /** Joins the topic at its latest offsets; resolves once consuming, rejects if Kafka refuses (then retries). */
  async start(): Promise<void> {
    if (this.consumer) return;
    this.current = 'connecting';
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: this.options.maxWaitMs ?? 50,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => this.set('live', ''));
    consumer.on(consumer.events.CRASH, ({ payload }) => this.set('down', payload.error.message));
    consumer.on(consumer.events.DISCONNECT, () => {
      if (this.consumer === consumer) this.set('down', 'disconnected');
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.topic, fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => this.deliver(message.value),
      });
    } catch (error) {
      this.set('down', (error as Error).message);
      throw error;
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.current = 'stopped';
    await consumer?.disconnect().catch(() => undefined);
  }

  /** Every message from now on, until the returned function is called. */
  subscribe(listener: (message: PriceFeedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  latestTick(symbol: string): PriceTick | undefined {
    return this.ticks.get(symbol);
  }

  symbols(): string[] {
    return [...this.ticks.keys()];
  }

  private deliver(value: Buffer | null): void {
    const message = parsePriceMessage(value);
    if ('error' in message) {
      this.malformedCount++;
      if (!this.reasons.has(message.error)) {
        this.reasons.add(message.error);
        this.logger.warn(
          `Skipped a malformed ${this.topic} message (${message.error}); the same reason is not logged again`,
        );
      }
      return;
    }
    if (isPriceTick(message)) this.ticks.set(message.symbol, message);
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error(`A ${this.topic} listener failed: ${(error as Error).message}`);
      }
    }
  }

  private set(status: PriceFeedStatus, problem: string): void {
    if (status !== this.current) {
      if (status === 'live')
        this.logger.log(`Reading ${this.topic} from its latest offsets (group ${this.groupId})`);
      else if (status === 'down') this.logger.warn(`${this.topic} feed down: ${problem}; reconnecting`);
    }
    this.current = status;
    this.problem = problem;
  }
}
