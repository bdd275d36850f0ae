import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../cli-io';
import { run } from '../main';

export const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
export const SMALL_FILE = join(__dirname, 'fixtures/three-candles.csv');

/** Runs the CLI in-process, capturing what it prints. */
export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => void (out += text), err: (text) => void (err += text) };
  const code = await run(args, io);
  return { code, out, err };
}

/** A scratch folder per test file for the CSV files a test writes. */
export class ScratchDir {
  path = '';

  async create(): Promise<void> {
    this.path = await mkdtemp(join(tmpdir(), 'crypto-cli-'));
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }

  async write(name: string, text: string): Promise<string> {
    const path = join(this.path, name);
    await writeFile(path, text);
    return path;
  }

  file(name: string): string {
    return join(this.path, name);
  }
}

/** Candle CSV files that must be refused, with the words the error has to contain. */
export const BAD_CANDLE_FILES: [string, string, RegExp][] = [
  [
    'a non-numeric price',
    'ts,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,1,1,abc,1\n',
    /line 3: close "abc" is not a number/,
  ],
  ['a missing column', 'ts,open,high,low,close\n1,1,1,1,1\n', /missing column\(s\) volume/],
  [
    'rows out of order',
    'ts,open,high,low,close,volume\n2,1,1,1,1,1\n1,1,1,1,1,1\n',
    /line 3: ts 1 is not after/,
  ],
  ['a short row', 'ts,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,1\n', /line 3|record/i],
];
