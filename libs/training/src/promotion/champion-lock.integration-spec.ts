import { randomBytes } from 'node:crypto';
import type IORedis from 'ioredis';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createRedisClient } from '@crypto/messaging';
import { sleep } from '@crypto/testing';
import { ChampionBusyError, ChampionLockUnavailableError, RedisChampionLock } from './champion-lock';

// On the real Redis, each lock on a connection of its own, as two processes would hold it.
describe(RedisChampionLock.name, () => {
  const env = loadEnv(ServicesEnv);
  const connections: IORedis[] = [];
  const lock = (options?: ConstructorParameters<typeof RedisChampionLock>[1]) => {
    const redis = createRedisClient(env.REDIS_URL, 'test-champion-lock', { enableOfflineQueue: true });
    connections.push(redis);
    return { redis, lock: new RedisChampionLock(redis, { pollMs: 10, ...options }) };
  };
  let model: string;

  beforeEach(() => (model = `test-lock-${randomBytes(4).toString('hex')}`));
  afterAll(() => connections.forEach((c) => c.disconnect()));

  it('should let one holder at a time change the champion, the others waiting their turn', async () => {
    const holders = [lock(), lock(), lock()];
    let inside = 0;
    let most = 0;
    const order: string[] = [];

    await Promise.all(
      holders.map(({ lock }, i) =>
        lock.hold(model, `holder ${i}`, async () => {
          most = Math.max(most, ++inside);
          await sleep(50);
          order.push(`holder ${i}`);
          inside--;
        }),
      ),
    );

    expect(most).toBe(1);
    expect(order.sort()).toEqual(['holder 0', 'holder 1', 'holder 2']);
    await expect(holders[0]!.redis.exists(`champion-lock:${model}`)).resolves.toBe(0);
  });

  it('should give up after waitMs naming the holder, and release a lock whose change threw', async () => {
    const first = lock();
    const second = lock();
    let release!: () => void;
    const holding = first.lock.hold(
      model,
      'promotion of v7 (flow f1)',
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    await sleep(20);

    const error = await second.lock
      .hold(model, 'rollback', async () => 'never', { waitMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChampionBusyError);
    expect(error).toMatchObject({ holder: 'promotion of v7 (flow f1)', modelName: model });
    release();
    await holding;

    await expect(
      second.lock.hold(model, 'rollback', async () => {
        throw new Error('registry down');
      }),
    ).rejects.toThrow('registry down');
    await expect(first.lock.hold(model, 'next', async () => 'free again', { waitMs: 0 })).resolves.toBe(
      'free again',
    );
  });

  it('should keep a lock while its holder works past the TTL, and free one whose holder died', async () => {
    const working = lock({ ttlMs: 300 });
    const waiting = lock({ ttlMs: 300 });
    let waited = false;
    const long = working.lock.hold(model, 'long promotion', async () => {
      await sleep(900); // three TTLs: only the holder's extensions keep the key
      return waited;
    });
    await sleep(20);
    const after = waiting.lock.hold(model, 'rollback', async () => (waited = true));
    await expect(long).resolves.toBe(false);
    await after;

    // a holder that died: its key is there with no one extending it
    const dead = lock();
    await dead.redis.set(`champion-lock:${model}`, 'killed trainer 0badcafe', 'PX', 300);
    const started = Date.now();
    await waiting.lock.hold(model, 'rollback', async () => undefined, { waitMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('should refuse with a clear error, changing nothing, when Redis does not answer', async () => {
    // port 9 (discard) is closed on loopback: a real connection refusal
    const away = createRedisClient('redis://127.0.0.1:9', 'test-champion-lock', { enableOfflineQueue: true });
    connections.push(away);
    let changed = false;

    const error = await new RedisChampionLock(away)
      .hold(model, 'rollback', async () => (changed = true))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ChampionLockUnavailableError);
    expect((error as Error).message).toMatch(
      new RegExp(`^the champion lock of ${model} is unavailable \\(Redis: `),
    );
    expect(changed).toBe(false);
  });
});
