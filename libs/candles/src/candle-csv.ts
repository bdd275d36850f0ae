import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Candle } from './candle';
import { MarketDataError } from './market-data.error';

const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Parses a candle CSV (SPEC §4: header `ts,open,high,low,close,volume`, `ts` in epoch ms).
 * Every field must be a finite number. Rows must be strictly ascending by `ts` unless `ascending: false`
 * (the data-quality validator reads unordered files to report their duplicates). Errors name the line.
 */
export function parseCandleCsv(text: string, source = 'input', { ascending = true } = {}): Candle[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  if (rows.length > 0) {
    const missing = COLUMNS.filter((c) => !(c in rows[0]!));
    if (missing.length > 0) {
      throw new MarketDataError('INVALID_CANDLES', `${source}: missing column(s) ${missing.join(', ')}`);
    }
  }
  const candles: Candle[] = new Array(rows.length);
  let previousTs = -Infinity;
  rows.forEach((row, i) => {
    const line = i + 2; // 1-based, after the header
    const candle = {} as Candle;
    for (const column of COLUMNS) {
      const value = Number(row[column]);
      if (row[column] === '' || !Number.isFinite(value)) {
        throw new MarketDataError(
          'INVALID_CANDLES',
          `${source} line ${line}: ${column} "${row[column]}" is not a number`,
        );
      }
      candle[column] = value;
    }
    if (ascending && candle.ts <= previousTs) {
      throw new MarketDataError(
        'INVALID_CANDLES',
        `${source} line ${line}: ts ${candle.ts} is not after the previous row`,
      );
    }
    previousTs = candle.ts;
    candles[i] = candle;
  });
  return candles;
}

export async function readCandleCsv(path: string, options?: { ascending?: boolean }): Promise<Candle[]> {
  return parseCandleCsv(await readFile(path, 'utf8'), path, options);
}

export function formatCandleCsv(candles: readonly Candle[]): string {
  const lines = candles.map((c) => `${c.ts},${c.open},${c.high},${c.low},${c.close},${c.volume}`);
  return `${COLUMNS.join(',')}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
