// Runs the SQL migrations of libs/storage/migrations with node-pg-migrate. node-pg-migrate 8 ships only ES
// modules, which jest cannot load on Node 20, so `runMigrations()` runs this file in a child process.
// Input: MIGRATE_DATABASE_URL and MIGRATE_DIRECTION (up | down) in the environment; output: one JSON line
// on stdout, the names of the migrations applied. Logs go to stderr.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

const databaseUrl = process.env.MIGRATE_DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write('MIGRATE_DATABASE_URL is not set\n');
  process.exit(2);
}
const direction = process.env.MIGRATE_DIRECTION === 'down' ? 'down' : 'up';
const log = (message) => process.stderr.write(`${message}\n`);

const applied = await runner({
  databaseUrl,
  dir: join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations'),
  migrationsTable: 'pgmigrations',
  direction,
  // up: everything pending; down: the latest migration only
  ...(direction === 'down' ? { count: 1 } : {}),
  checkOrder: true,
  singleTransaction: true,
  logger: { debug: () => {}, info: log, warn: log, error: log },
});
process.stdout.write(`${JSON.stringify(applied.map((m) => m.name))}\n`);
