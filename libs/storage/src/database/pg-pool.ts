import { Logger } from '@nestjs/common';
import { Pool, type PoolConfig } from 'pg';

const logger = new Logger('PgPool');

/**
 * A pg connection pool for `databaseUrl` (`postgres://user:pass@host:port/db`). An idle client losing its
 * connection (server restart) is logged and replaced by the pool instead of crashing the process.
 */
export function createPgPool(databaseUrl: string, options: Omit<PoolConfig, 'connectionString'> = {}): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 5_000,
    ...options,
  });
  pool.on('error', (error) => logger.warn(`Idle PostgreSQL client failed: ${error.message}`));
  return pool;
}
