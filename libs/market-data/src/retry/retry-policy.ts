/** Exponential backoff with full jitter; delays are injectable so tests run without waiting. */
export interface RetryPolicy {
  /** retries after the first attempt (so `retries + 1` attempts at most) */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 15_000 };

export interface RetryHooks {
  /** whether this failure is worth another attempt */
  isRetryable: (error: unknown) => boolean;
  /** a delay the server asked for (e.g. `Retry-After`), honoured when longer than the backoff */
  requestedDelayMs?: (error: unknown) => number | undefined;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  sleep?: (ms: number) => Promise<void>;
  /** uniform in [0, 1) */
  random?: () => number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Backoff before retry `attempt` (1-based): a uniform draw in [0, min(max, base · 2^(attempt−1))]
 * ("full jitter", AWS Architecture Blog 2015), so clients that failed together do not retry together.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

/** Thrown by {@link withRetry} when the retries are used up: the attempt count and the last failure. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(
      `gave up after ${attempts} attempt(s): ${lastError instanceof Error ? lastError.message : String(lastError)}`,
      {
        cause: lastError,
      },
    );
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * Runs `operation` until it succeeds, a failure is not retryable (rethrown as is) or the retries are used up
 * ({@link RetriesExhaustedError} with the last failure). `operation` gets the 0-based attempt number.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  const wait = hooks.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!hooks.isRetryable(error)) throw error;
      if (attempt >= policy.retries) throw new RetriesExhaustedError(attempt + 1, error);
      const backoff = backoffDelayMs(policy, attempt + 1, hooks.random);
      const requested = Math.min(hooks.requestedDelayMs?.(error) ?? 0, policy.maxDelayMs);
      const delayMs = Math.max(backoff, requested);
      hooks.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await wait(delayMs);
    }
  }
}
