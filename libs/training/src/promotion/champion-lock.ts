import { randomBytes } from 'node:crypto';
import type IORedis from 'ioredis';

/** Another promotion or rollback of the model held the champion for longer than the caller waits. */
export class ChampionBusyError extends Error {
  constructor(
    readonly modelName: string,
    readonly holder: string | null,
    waitedMs: number,
  ) {
    super(
      `the champion of ${modelName} is being changed by ${holder ?? 'another process'} (waited ${waitedMs} ms)`,
    );
    this.name = 'ChampionBusyError';
  }
}

/** Redis, which holds the champion lock, did not answer: nothing was changed. */
export class ChampionLockUnavailableError extends Error {
  constructor(
    readonly modelName: string,
    options: { cause: unknown },
  ) {
    super(
      `the champion lock of ${modelName} is unavailable (Redis: ${options.cause instanceof Error ? options.cause.message : String(options.cause)})`,
      options,
    );
    this.name = 'ChampionLockUnavailableError';
  }
}

/**
 * Serialises the changes of a model's `champion` alias: whoever reads the champion, decides and moves the
 * alias (the promote step, a rollback) does so holding this, so no decision is taken on a champion that
 * another one is replacing meanwhile.
 */
export interface ChampionLock {
  /** Runs `change` holding the model's champion; `who` names the holder to those who wait. */
  hold<T>(
    modelName: string,
    who: string,
    change: () => Promise<T>,
    options?: { waitMs?: number },
  ): Promise<T>;
}

// compare-and-delete / compare-and-extend: only the holder's token releases or extends the lock
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * The champion lock in Redis, shared by every process (trainer, gateway, CLI): a key per registered model,
 * `champion-lock:<model>` (no queue prefix: a rollback does not know the trainer's), SET NX with a TTL that
 * the holder extends while it works, so a holder that dies frees the model within `ttlMs`.
 */
export class RedisChampionLock implements ChampionLock {
  constructor(
    private readonly redis: Pick<IORedis, 'set' | 'get' | 'eval'>,
    private readonly options: { ttlMs?: number; waitMs?: number; pollMs?: number } = {},
  ) {}

  async hold<T>(
    modelName: string,
    who: string,
    change: () => Promise<T>,
    { waitMs = this.options.waitMs ?? 120_000 }: { waitMs?: number } = {},
  ): Promise<T> {
    const key = `champion-lock:${modelName}`;
    const ttl = this.options.ttlMs ?? 60_000;
    const token = `${who} ${randomBytes(4).toString('hex')}`;
    const started = Date.now();
    const redis = async <R>(command: () => Promise<R>) => {
      try {
        return await command();
      } catch (error) {
        throw new ChampionLockUnavailableError(modelName, { cause: error });
      }
    };
    while ((await redis(() => this.redis.set(key, token, 'PX', ttl, 'NX'))) !== 'OK') {
      if (Date.now() - started >= waitMs) {
        const holder = await redis(() => this.redis.get(key));
        throw new ChampionBusyError(
          modelName,
          holder?.replace(/ [0-9a-f]{8}$/, '') ?? null,
          Date.now() - started,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 100));
    }
    const keepAlive = setInterval(
      () => void this.redis.eval(EXTEND, 1, key, token, ttl).catch(() => 0),
      ttl / 3,
    );
    try {
      return await change();
    } finally {
      clearInterval(keepAlive);
      await this.redis.eval(RELEASE, 1, key, token);
    }
  }
}

/** No lock: for a single process that changes the champion alone (and unit specs). */
export const NO_CHAMPION_LOCK: ChampionLock = { hold: (_model, _who, change) => change() };
