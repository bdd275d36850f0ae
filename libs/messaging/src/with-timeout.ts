/**
 * `work`'s outcome, or a rejection with `message` once `ms` have passed first; the timer is cleared either
 * way, so it never holds a process (or a test) open. The work itself is not cancelled: the caller's
 * `finally` closes what it opened.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
