import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { Topic, type PriceTick } from '../topics';
import { isPriceTick, parsePriceMessage, type PriceFeedMessage } from './price-messages';

export interface LatestPriceFeedOptions {
  /** default `crypto-prices` */
  topic?: string;
  /** the consumer group is `<groupPrefix>-<host>-<pid>-<random>`: this instance's alone */
  groupPrefix: string;
  /** how long the broker may hold a fetch that has nothing new, ms; small so a tick is handed on at once. Default 50 */
  maxWaitMs?: number;
  /** how long `start()` waits for the feed to be live before rejecting (it keeps trying), ms. Default 15 000 */
  startTimeoutMs?: number;
  /** pause before a fresh consumer when connecting failed or kafkajs gave up, ms. Default 5 000 */
  retryMs?: number;
  /** how long `stop()` waits for a join still being retried to give up, ms. Default 3 000 */
  stopWaitMs?: number;
}

/** `stopped` before `start()` and after `stop()`; `down` while Kafka is away (see `lastError`). */
export type PriceFeedStatus = 'stopped' | 'connecting' | 'live' | 'down';

export type PriceListener = (message: PriceFeedMessage) => void;

/**
 * Fans the live `crypto-prices` messages out to the listeners of this process, from the latest offsets.
 *
 * kafkajs cannot consume without a group, so the group is unique to this instance, and it never commits
 * (`autoCommit: false`): each instance starts at the end of every partition, and `stop()` leaves an Empty group
 * with no offsets, which the broker forgets. Kafka away: kafkajs retries the fetch, then restarts the consumer
 * by itself (`status` is `down` meanwhile); when it fetches again it reads from the latest offsets of that
 * moment, so what was produced during the outage is skipped, which a live feed wants. A failed connect, or an
 * error kafkajs does not retry, gets a fresh consumer after `retryMs`, until `stop()`.
 */
export class LatestPriceFeed {
  readonly topic: string;
  readonly groupId: string;
  private readonly logger = new Logger(LatestPriceFeed.name);
  private readonly listeners = new Set<PriceListener>();
  private readonly failedListeners = new WeakSet<PriceListener>();
  private readonly ticks = new Map<string, PriceTick>();
  private readonly reasonsLogged = new Set<string>();
  private consumer: Consumer | undefined;
  private opening: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private starting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private state: PriceFeedStatus = 'stopped';
  private error: string | undefined;
  private malformedCount = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: LatestPriceFeedOptions,
  ) {
    this.topic = options.topic ?? Topic.Prices;
    this.groupId = `${options.groupPrefix}-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  get status(): PriceFeedStatus {
    return this.state;
  }

  /** the last Kafka error while not live; undefined once live again */
  get lastError(): string | undefined {
    return this.error;
  }

  /** values skipped because they are neither a tick nor a candle */
  get malformed(): number {
    return this.malformedCount;
  }

  /**
   * Resolves once the consumer has fetched at the latest offsets, so anything produced afterwards is delivered.
   * Rejects after `startTimeoutMs` naming the last Kafka error (or at `stop()`); the feed keeps trying until
   * `stop()` either way.
   */
  async start(): Promise<void> {
    if (this.state === 'live') return;
    if (this.starting) throw new Error('LatestPriceFeed.start() is already waiting');
    const timeoutMs = this.options.startTimeoutMs ?? 15_000;
    const live = new Promise<void>((resolve, reject) => (this.starting = { resolve, reject }));
    const timer = setTimeout(
      () =>
        this.settleStart(
          new Error(`${this.topic} feed not live after ${timeoutMs} ms: ${this.error ?? 'no answer'}`),
        ),
      timeoutMs,
    );
    try {
      if (this.state === 'stopped') {
        this.setStatus('connecting');
        this.openNow();
      }
      await live;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Leaves the group and closes the connections; the listeners stay subscribed for a later `start()`.
   * A group join kafkajs is still retrying (a broker whose coordinator is loading) ends with the connections;
   * `stop()` waits up to `stopWaitMs` for it, so no retry outlives the caller (a test's teardown).
   */
  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    const consumer = this.consumer;
    const opening = this.opening;
    this.consumer = undefined;
    this.setStatus('stopped');
    this.settleStart(new Error(`${this.topic} feed stopped before it was live`));
    await consumer?.disconnect().catch((error: unknown) => {
      // kafkajs has closed what it could; the broker drops the member after its session timeout
      this.logger.warn(`${this.topic} feed did not disconnect cleanly: ${String(error)}`);
    });
    if (!opening) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>(
      (resolve) => (timer = setTimeout(resolve, this.options.stopWaitMs ?? 3_000)),
    );
    await Promise.race([opening, waited]);
    clearTimeout(timer);
  }

  /** Calls `listener` with every message from now on, synchronously, until the returned function is called. */
  subscribe(listener: PriceListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** the last tick seen of `symbol`, for a listener that starts now */
  latestTick(symbol: string): PriceTick | undefined {
    return this.ticks.get(symbol);
  }

  /** the symbols ticks were seen of, in the order first seen */
  symbols(): string[] {
    return [...this.ticks.keys()];
  }

  private async open(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: this.options.maxWaitMs ?? 50,
    });
    this.consumer = consumer;
    // FETCH follows the offset lookup of each (re)joined generation: the first one means reading at the end.
    consumer.on(consumer.events.FETCH, () => {
      if (this.consumer === consumer) this.setStatus('live');
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.consumer !== consumer) return;
      this.setStatus('down', payload.error.message);
      if (!payload.restart) this.reopenLater();
    });
    try {
      await consumer.connect();
      if (this.consumer !== consumer) {
        await consumer.disconnect(); // stop() came while connecting
        return;
      }
      await consumer.subscribe({ topic: this.topic, fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => this.deliver(message.value),
      });
    } catch (error) {
      if (this.consumer !== consumer) return;
      this.setStatus('down', error instanceof Error ? error.message : String(error));
      this.reopenLater();
    }
  }

  private openNow(): void {
    const opening = this.open();
    this.opening = opening;
    void opening.finally(() => {
      if (this.opening === opening) this.opening = undefined;
    });
  }

  private reopenLater(): void {
    const consumer = this.consumer;
    this.consumer = undefined;
    void consumer?.disconnect().catch(() => undefined);
    this.retryTimer = setTimeout(() => this.openNow(), this.options.retryMs ?? 5_000);
  }

  private deliver(value: Buffer | null): void {
    const message = parsePriceMessage(value);
    if ('error' in message) {
      this.malformedCount++;
      // reasons are a fixed set (price-messages.ts), so this logs a handful of lines at most
      if (!this.reasonsLogged.has(message.error)) {
        this.reasonsLogged.add(message.error);
        this.logger.warn(
          `Skipping malformed ${this.topic} messages: ${message.error} (logged once per reason)`,
        );
      }
      return;
    }
    if (isPriceTick(message)) this.ticks.set(message.symbol, message);
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        // once per listener: one that throws on every tick would otherwise flood the log
        if (!this.failedListeners.has(listener)) {
          this.failedListeners.add(listener);
          this.logger.error(
            `A ${this.topic} listener threw (later throws of it are not logged): ${String(error)}`,
            error instanceof Error ? error.stack : undefined,
          );
        }
      }
    }
  }

  private setStatus(status: PriceFeedStatus, error?: string): void {
    const previous = this.state;
    this.state = status;
    this.error = status === 'live' ? undefined : (error ?? this.error);
    // a `down` on the way is not the end of a start: a fresh broker answers the first group join with
    // retriable errors (its coordinator is still loading); start() waits for live or its timeout
    if (status === 'live') this.settleStart();
    if (status === previous) return;
    if (status === 'live')
      this.logger.log(`Reading ${this.topic} from the latest offsets (group ${this.groupId})`);
    if (status === 'down') this.logger.warn(`${this.topic} feed down, reconnecting: ${error}`);
  }

  private settleStart(error?: Error): void {
    const starting = this.starting;
    this.starting = undefined;
    if (error) starting?.reject(error);
    else starting?.resolve();
  }
}
