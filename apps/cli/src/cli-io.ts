import type { LoggerService } from '@nestjs/common';
import { type Candle, MarketDataError, readCandleCsv } from '@crypto/candles';

/** Where a command writes: the process's streams, or a capture in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** A failure the user caused (bad file, bad option): printed as one line, exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Reads a candle CSV; every failure becomes a {@link CliError} naming the file (and line, when it has one). */
export async function readCandles(path: string): Promise<Candle[]> {
  try {
    return await readCandleCsv(path);
  } catch (error) {
    if (error instanceof MarketDataError) throw new CliError(error.message, { cause: error });
    throw new CliError(`cannot read ${path}: ${systemMessage(error)}`, { cause: error });
  }
}

/** The message of a failed file operation without Node's repetition of the path. */
export function systemMessage(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a parent is not a directory',
  };
  return (code && reasons[code]) ?? String(message ?? error);
}

/** Library logs as plain lines on stderr, so that stdout carries only the command's output (`--json`). */
export function stderrLogger(io: CliIo): LoggerService {
  const write = (level: string) => (message: unknown, context?: unknown) =>
    io.err(`${level} [${String(context ?? '')}] ${String(message)}\n`);
  return {
    log: write('log'),
    warn: write('warn'),
    error: write('error'),
    debug: () => undefined,
    verbose: () => undefined,
  };
}

/** Adds what to do to the failures a user can fix. */
export function withHint(error: unknown): unknown {
  const { code, message, path } = error as { code?: string; message?: string; path?: string };
  if (path && code?.startsWith('E'))
    return new CliError(`cannot read ${path}: ${systemMessage(error)}`, { cause: error });
  if (code === '42P01')
    return new CliError(`${message}: the schema is missing, run the migrations first (make setup)`, {
      cause: error,
    });
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(message))) {
    return new CliError(`${message} (is the service running? bash infra/native/services.sh status)`, {
      cause: error,
    });
  }
  return error;
}
