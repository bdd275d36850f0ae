import { StorageError } from '../storage.error';

// Node socket errors: the server is not there (down, restarting, wrong address).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
// SQLSTATE: 08 connection exception, 57P01–57P03 server shutting down / starting, 53300 too many
// connections, 3D000 the database does not exist, 42P01 a table does not exist (migrations not applied).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|3D000|42P01)$/;
// pg / pg-pool failures that carry no code
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|Cannot use a pool after calling end|Client has encountered a connection error/i;

/** True when a pg failure means PostgreSQL (or the schema) is not available, not that the query was wrong. */
export function isPostgresUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  return error instanceof Error && UNAVAILABLE_MESSAGE.test(error.message);
}

/**
 * A pg failure as the storage error transports map (STYLE §6): PostgreSQL unreachable or schema missing →
 * `StorageError('UNAVAILABLE')` naming the operation; a `StorageError` or any other failure (a bug, a
 * constraint) is returned as it is.
 */
export function asStorageError(error: unknown, operation: string): unknown {
  if (error instanceof StorageError || !isPostgresUnavailable(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError('UNAVAILABLE', `PostgreSQL unavailable to ${operation} (${detail})`, {
    cause: error,
  });
}
