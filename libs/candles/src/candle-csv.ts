import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Candle } from './candle';
import { MarketDataError } from './market-data.error';

const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

export interface CandleCsvOptions {
  /** Rows must be strictly ascending by `ts`. Default true. */
  ascending?: boolean;
  /** Each row must be a possible candle: prices > 0, low ≤ open, close ≤ high, volume ≥ 0. Default true. */
  sound?: boolean;
}

/**
 * Why a candle cannot be a real one — a non-positive price, a high below the open or close, a low above
 * them, a negative volume — or undefined when it can. The data-quality report counts the same problems.
 */
export function candleProblem(candle: Candle): string | undefined {
  for (const price of ['open', 'high', 'low', 'close'] as const) {
    if (!(candle[price] > 0)) return `${price} ${candle[price]} is not a positive price`;
  }
  for (const side of ['open', 'close'] as const) {
    if (candle.high < candle[side]) return `high ${candle.high} is below the ${side} ${candle[side]}`;
    if (candle.low > candle[side]) return `low ${candle.low} is above the ${side} ${candle[side]}`;
  }
  if (!(candle.volume >= 0)) return `volume ${candle.volume} is negative`;
  return undefined;
}

/**
 * Parses a candle CSV (SPEC §4: header `ts,open,high,low,close,volume`, `ts` in epoch ms).
 * Every field must be a finite number and every row a possible candle ({@link candleProblem}). Rows must be
 * strictly ascending by `ts`. The data-quality validator reads files with `ascending: false, sound: false`
 * to report their duplicates and bad candles instead of stopping at the first. Errors name the line.
 */
export function parseCandleCsv(
  text: string,
  source = 'input',
  { ascending = true, sound = true }: CandleCsvOptions = {},
): Candle[] {
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
    const problem = sound ? candleProblem(candle) : undefined;
    if (problem) throw new MarketDataError('INVALID_CANDLES', `${source} line ${line}: ${problem}`);
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

/**
 * Reads a candle CSV file ({@link parseCandleCsv}). A file without candle rows is refused: every reader
 * (features, signals, training, ingestion) needs candles, and an empty file is a mistake, not a series.
 */
export async function readCandleCsv(path: string, options?: CandleCsvOptions): Promise<Candle[]> {
  const text = await readFile(path, 'utf8');
  if (text.trim() === '') {
    throw new MarketDataError(
      'INVALID_CANDLES',
      `${path} is empty: expected the header ts,open,high,low,close,volume and candle rows`,
    );
  }
  const candles = parseCandleCsv(text, path, options);
  if (candles.length === 0) throw new MarketDataError('INVALID_CANDLES', `${path} holds no candles`);
  return candles;
}

export function formatCandleCsv(candles: readonly Candle[]): string {
  const lines = candles.map((c) => `${c.ts},${c.open},${c.high},${c.low},${c.close},${c.volume}`);
  return `${COLUMNS.join(',')}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
