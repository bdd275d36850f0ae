import { backoffDelayMs, RetriesExhaustedError, withRetry, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

class Transient extends Error {}
class Permanent extends Error {}

/** An operation failing with the given errors, then answering `ok`. */
function flaky(failures: Error[]) {
  const calls: number[] = [];
  const operation = async (attempt: number) => {
    calls.push(attempt);
    const failure = failures[calls.length - 1];
    if (failure) throw failure;
    return 'ok';
  };
  return { operation, calls };
}

function recordingHooks(overrides: { requestedDelayMs?: (e: unknown) => number | undefined } = {}) {
  const delays: number[] = [];
  return {
    delays,
    hooks: {
      isRetryable: (e: unknown) => e instanceof Transient,
      sleep: async (ms: number) => void delays.push(ms),
      random: () => 0.5,
      ...overrides,
    },
  };
}

describe(withRetry.name, () => {
  it('should answer without waiting when the first attempt succeeds', async () => {
    const { operation, calls } = flaky([]);
    const { hooks, delays } = recordingHooks();

    await expect(withRetry(operation, policy, hooks)).resolves.toBe('ok');
    expect(calls).toEqual([0]);
    expect(delays).toEqual([]);
  });

  it('should retry with growing delays when failures are transient', async () => {
    const { operation, calls } = flaky([new Transient('a'), new Transient('b'), new Transient('c')]);
    const { hooks, delays } = recordingHooks();

    await expect(withRetry(operation, policy, hooks)).resolves.toBe('ok');
    expect(calls).toEqual([0, 1, 2, 3]);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('should give up with the last failure when the retries are used up', async () => {
    const last = new Transient('still down');
    const { operation, calls } = flaky([new Transient('a'), new Transient('b'), new Transient('c'), last]);
    const { hooks } = recordingHooks();

    const error = await withRetry(operation, policy, hooks).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).toMatchObject({
      attempts: 4,
      lastError: last,
      message: 'gave up after 4 attempt(s): still down',
    });
    expect(calls).toHaveLength(4);
  });

  it('should rethrow at once when a failure is not retryable', async () => {
    const permanent = new Permanent('bad symbol');
    const { operation, calls } = flaky([new Transient('a'), permanent]);
    const { hooks } = recordingHooks();

    await expect(withRetry(operation, policy, hooks)).rejects.toBe(permanent);
    expect(calls).toEqual([0, 1]);
  });

  it('should wait as long as the server asked when that is longer than the backoff, capped at the maximum', async () => {
    const { operation } = flaky([new Transient('429'), new Transient('429')]);
    const requested = [700, 5_000];
    const { hooks, delays } = recordingHooks({ requestedDelayMs: () => requested.shift() });

    await withRetry(operation, policy, hooks);

    expect(delays).toEqual([700, 1_000]);
  });
});

describe(backoffDelayMs.name, () => {
  it.each([
    [1, 1, 100],
    [2, 1, 200],
    [4, 1, 800],
    [5, 1, 1_000],
    [9, 1, 1_000],
    [3, 0, 0],
    [3, 0.25, 100],
  ])('should give attempt %d with draw %d a delay of %d ms', (attempt, draw, expected) => {
    expect(backoffDelayMs(policy, attempt, () => draw)).toBe(expected);
  });
});
