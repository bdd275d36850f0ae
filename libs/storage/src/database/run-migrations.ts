import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@nestjs/common';
import { StorageError } from '../storage.error';

// src/database or dist/database: the package root is two levels up either way.
const PACKAGE_ROOT = join(__dirname, '..', '..');
export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'migrations');
const RUNNER = join(PACKAGE_ROOT, 'scripts', 'run-migrations.mjs');

const logger = new Logger('Migrations');

// node-pg-migrate takes a non-blocking advisory lock and gives up when another run holds it
const LOCK_BUSY = 'Another migration is already running';
const LOCK_WAIT_MS = 250;
const LOCK_ATTEMPTS = 120;

async function runOnce(databaseUrl: string, direction: 'up' | 'down'): Promise<string[]> {
  // the URL travels in the environment, not argv, so the password does not show in the process list
  const { stdout } = await promisify(execFile)(process.execPath, [RUNNER], {
    env: { ...process.env, MIGRATE_DATABASE_URL: databaseUrl, MIGRATE_DIRECTION: direction },
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

/**
 * Brings the database at `databaseUrl` to the latest schema (SQL files in `libs/storage/migrations`, applied
 * by node-pg-migrate in one transaction, recorded in `pgmigrations`). Idempotent: a second run applies
 * nothing; concurrent runs wait for each other. Returns the migrations applied.
 * `direction: 'down'` reverts the latest one.
 */
export async function runMigrations(
  databaseUrl: string,
  { direction = 'up' }: { direction?: 'up' | 'down' } = {},
): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await runOnce(databaseUrl, direction);
      logger.log(applied.length ? `Applied ${direction} ${applied.join(', ')}` : 'Schema up to date');
      return applied;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim() ?? '';
      if (stderr.includes(LOCK_BUSY) && attempt < LOCK_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS));
        continue;
      }
      throw new StorageError(
        'MIGRATION_FAILED',
        `migrations ${direction} failed: ${stderr || String(error)}`,
        { cause: error },
      );
    }
  }
}
