import type IORedis from 'ioredis';
import type { MarketKey } from '@crypto/candles';

// compare-and-delete: only the holder releases the lock
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One training per market at a time: a Redis key per (exchange, symbol, timeframe) holding the id of the
 * flow that trains it (SET NX with a TTL, so a crashed trainer cannot block a market for ever).
 */
export class MarketLock {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lock for `flowId`; returns the flow already holding it instead when there is one. */
  async acquire(
    market: MarketKey,
    flowId: string,
  ): Promise<{ acquired: true } | { acquired: false; holder: string }> {
    const ok = await this.redis.set(this.key(market), flowId, 'PX', this.ttlMs, 'NX');
    if (ok === 'OK') return { acquired: true };
    const holder = await this.redis.get(this.key(market));
    // released between the two calls: try once more
    if (holder === null) return this.acquire(market, flowId);
    return { acquired: false, holder };
  }

  async holder(market: MarketKey): Promise<string | null> {
    return this.redis.get(this.key(market));
  }

  /** Releases the lock if `flowId` holds it (a late release of an old flow leaves a newer one alone). */
  async release(market: MarketKey, flowId: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE, 1, this.key(market), flowId)) === 1;
  }

  private key(market: MarketKey): string {
    return `${this.prefix}:training-lock:${market.exchange}:${market.symbol}:${market.timeframe}`;
  }
}
