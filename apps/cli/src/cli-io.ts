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
