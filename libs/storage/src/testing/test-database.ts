import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createPgPool } from '../database/pg-pool';
import { runMigrations } from '../database/run-migrations';

/** A fresh, migrated database of the real PostgreSQL, for one integration-test file. */
export interface TestDatabase {
  name: string;
  /** connection URL of the test database (secret: contains the password) */
  url: string;
  pool: Pool;
  /** closes the pool and drops the database */
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';
const DROP_ATTEMPTS = 5;

/**
 * `DROP DATABASE … WITH (FORCE)`, retried a few times when refused for privilege: on PostgreSQL 15 a role
 * that is not superuser (nor in pg_signal_backend) may not terminate an autovacuum worker, which visits a
 * fresh database soon after a bulk insert and leaves within moments.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== INSUFFICIENT_PRIVILEGE || attempt === DROP_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/**
 * Creates `crypto_test_<random>` on the server of `DATABASE_URL` (default: the native development server),
 * applies every migration (unless `migrate: false`, for tests of the migrations themselves), and opens a pool on it (STYLE §13: isolated per file). Use it as
 * `beforeAll(async () => (db = await createTestDatabase()))` and `afterAll(() => db.drop())`.
 * Needs a role with CREATEDB (the `crypto` role has it).
 */
export async function createTestDatabase({
  adminUrl = loadEnv(ServicesEnv).DATABASE_URL,
  migrate = true,
}: { adminUrl?: string; migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `crypto_test_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    if (migrate) await runMigrations(url.toString());
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }
  const pool = createPgPool(url.toString(), { max: 5 });
  return {
    name,
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      await dropDatabase(adminUrl, name);
    },
  };
}
