/** How one dependency answered its probe. */
export interface DependencyStatus {
  status: 'up' | 'down';
  /** time the probe took (or the timeout), ms */
  latency_ms: number;
  /** what failed, when down */
  error?: string;
  /** what the probe learnt: version, mode, address, … */
  [detail: string]: unknown;
}

/** SPEC §8 `GET /health/detailed`. */
export interface DetailedHealth {
  /** `ok` when every dependency is up, `degraded` otherwise: the gateway keeps serving what it can */
  status: 'ok' | 'degraded';
  timestamp: string;
  dependencies: Record<string, DependencyStatus>;
}

/** A check of one dependency: resolves with details when it answers, rejects (or hangs) when it does not. */
export interface DependencyProbe {
  name: string;
  check(signal: AbortSignal): Promise<Record<string, unknown>>;
}

/** Runs every probe at once, each cut off after `timeoutMs`; never rejects. */
export async function checkDependencies(
  probes: readonly DependencyProbe[],
  timeoutMs: number,
  now: () => Date = () => new Date(),
): Promise<DetailedHealth> {
  const results = await Promise.all(probes.map((probe) => checkDependency(probe, timeoutMs)));
  const dependencies = Object.fromEntries(probes.map((probe, i) => [probe.name, results[i]!]));
  return {
    status: results.every((r) => r.status === 'up') ? 'ok' : 'degraded',
    timestamp: now().toISOString(),
    dependencies,
  };
}

/** Runs one probe, cut off after `timeoutMs`; never rejects. */
export async function checkDependency(probe: DependencyProbe, timeoutMs: number): Promise<DependencyStatus> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const details = await Promise.race([probe.check(controller.signal), timeout]);
    return { ...details, status: 'up', latency_ms: latency() };
  } catch (error) {
    return {
      status: 'down',
      latency_ms: latency(),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The part of a pg `Pool` the PostgreSQL probe uses. */
export interface SqlQueryable {
  query<R extends object>(sql: string): Promise<{ rows: R[] }>;
}

/** PostgreSQL answers a query, with its version. */
export const postgresProbe = (pool: SqlQueryable): DependencyProbe => ({
  name: 'postgres',
  check: async () => {
    const { rows } = await pool.query<{ version: string }>(
      `SELECT current_setting('server_version') AS version`,
    );
    return { version: rows[0]?.version };
  },
});
