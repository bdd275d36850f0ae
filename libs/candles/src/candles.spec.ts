import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatCandleCsv,
  MarketDataError,
  normalizeSymbol,
  parseCandleCsv,
  readCandleCsv,
  timeframeToMs,
} from './index';

const BTC_FILE = join(__dirname, '../../../../shared/data/btcusdt-1h.csv');

describe('normalizeSymbol', () => {
  it.each([
    ['BTCUSDT', 'BTC/USDT'],
    ['btc/usdt', 'BTC/USDT'],
    ['BTC/USDT', 'BTC/USDT'],
    [' eth-btc ', 'ETH/BTC'],
    ['solusdc', 'SOL/USDC'],
  ])('should read "%s" as %s', (input, expected) => {
    expect(normalizeSymbol(input)).toBe(expected);
  });

  it.each(['', 'BTC', 'btc//usdt', 'BTC/USDT/X', 'USDT', 'BTC USDT'])(
    'should reject "%s" naming it',
    (input) => {
      expect(() => normalizeSymbol(input)).toThrow(MarketDataError);
      expect(() => normalizeSymbol(input)).toThrow(`"${input}"`);
    },
  );
});

describe('timeframeToMs', () => {
  it.each([
    ['1m', 60_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['4h', 14_400_000],
    ['1d', 86_400_000],
  ])('should give %s as %d ms', (tf, ms) => expect(timeframeToMs(tf)).toBe(ms));

  it.each(['', '1x', 'h', '0h', '-1h'])('should reject "%s"', (tf) => {
    expect(() => timeframeToMs(tf)).toThrow(/is not a ccxt timeframe/);
  });
});

describe('parseCandleCsv', () => {
  it('should round-trip through formatCandleCsv', () => {
    const candles = [
      { ts: 1, open: 1.5, high: 2, low: 1, close: 1.75, volume: 10 },
      { ts: 2, open: 1.75, high: 2.5, low: 1.5, close: 2, volume: 0 },
    ];
    expect(parseCandleCsv(formatCandleCsv(candles))).toEqual(candles);
  });

  it('should name the line and column of a bad number', () => {
    expect(() => parseCandleCsv('ts,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,x,1,1,1\n')).toThrow(
      'input line 3: high "x" is not a number',
    );
  });

  it('should reject a file missing a column', () => {
    expect(() => parseCandleCsv('ts,open,high,low,close\n1,1,1,1,1\n')).toThrow('missing column(s) volume');
  });

  it('should reject rows out of order unless asked not to', () => {
    const text = 'ts,open,high,low,close,volume\n2,1,1,1,1,1\n2,1,1,1,1,1\n';
    expect(() => parseCandleCsv(text)).toThrow('line 3: ts 2 is not after the previous row');
    expect(parseCandleCsv(text, 'input', { ascending: false })).toHaveLength(2);
  });

  const HEADER = 'ts,open,high,low,close,volume\n';

  it.each([
    ['a negative open', '2,-5,2,1,1.5,1', 'line 3: open -5 is not a positive price'],
    ['a zero low', '2,1,2,0,1.5,1', 'line 3: low 0 is not a positive price'],
    ['a high below the open', '2,3,2,1,1.5,1', 'line 3: high 2 is below the open 3'],
    ['a high below the close', '2,1.5,2,1,2.5,1', 'line 3: high 2 is below the close 2.5'],
    ['a low above the open', '2,1,2,1.2,1.5,1', 'line 3: low 1.2 is above the open 1'],
    ['a low above the close', '2,1.5,2,1.2,1.1,1', 'line 3: low 1.2 is above the close 1.1'],
    ['a negative volume', '2,1,2,1,1.5,-1', 'line 3: volume -1 is negative'],
    ['an infinite price', '2,1,Infinity,1,1.5,1', 'line 3: high "Infinity" is not a number'],
  ])('should refuse a row with %s, naming its line', (_, row, message) => {
    const text = `${HEADER}1,1,1,1,1,1\n${row}\n`;
    expect(() => parseCandleCsv(text)).toThrow(message);
    expect(() => parseCandleCsv(text)).toThrow(MarketDataError);
  });

  it('should read impossible candles when asked not to check them (for the quality report)', () => {
    const text = `${HEADER}1,-5,2,3,1.5,-1\n`;
    expect(parseCandleCsv(text, 'input', { sound: false })).toEqual([
      { ts: 1, open: -5, high: 2, low: 3, close: 1.5, volume: -1 },
    ]);
  });

  it('should give no candles for a text without rows (a file is refused by readCandleCsv)', () => {
    expect(parseCandleCsv(HEADER)).toEqual([]);
  });

  it.each([
    ['empty', '', /empty\.csv is empty: expected the header ts,open,high,low,close,volume/],
    ['blank', '\n  \n', /blank\.csv is empty/],
    ['header-only', HEADER, /header-only\.csv holds no candles/],
  ])('should refuse a file that is %s, naming it', async (name, text, message) => {
    const file = join(await mkdtemp(join(tmpdir(), 'candles-')), `${name}.csv`);
    await writeFile(file, text);
    await expect(readCandleCsv(file)).rejects.toThrow(message);
    await expect(readCandleCsv(file)).rejects.toBeInstanceOf(MarketDataError);
  });

  it('should read the whole recorded BTC file', async () => {
    const candles = await readCandleCsv(BTC_FILE);
    expect(candles).toHaveLength(43_779);
    expect(candles[0]).toEqual({
      ts: 1602093600000,
      open: 10639.01,
      high: 10667.43,
      low: 10631.44,
      close: 10664.11,
      volume: 1483.03011,
    });
    expect(candles.at(-1)!.close).toBe(125455.24);
  });
});
