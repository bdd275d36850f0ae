import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { normalizeSymbol } from '@crypto/candles';
import { IngestRequestDto, MAX_SINCE_MS, toEpochMs } from '../ingest/ingest.dto';
import { SignalRequestDto } from '../signals/signals.dto';
import { MarketQueryDto, SYMBOL_PATTERN, TIMEFRAME_PATTERN } from './market-query.dto';

/** What the REST validation pipe does: defaults, conversions, then the first problem of each field. */
function validate<T extends object>(dto: new () => T, input: object): { value: T; messages: string[] } {
  const value = plainToInstance(dto, input);
  const errors = validateSync(value, { whitelist: true, stopAtFirstError: true });
  return { value, messages: errors.flatMap((e) => Object.values(e.constraints ?? {})) };
}

describe(MarketQueryDto.name, () => {
  it('should take the prototype defaults when nothing is given', () => {
    const { value, messages } = validate(MarketQueryDto, {});

    expect(messages).toEqual([]);
    expect({ ...value }).toEqual({ symbol: 'BTCUSDT', exchange: 'binance', timeframe: '1h', limit: 200 });
  });

  it('should normalise the symbol and the exchange id, and read a numeric limit string', () => {
    const { value, messages } = validate(MarketQueryDto, {
      symbol: 'eth-usdt',
      exchange: ' Binance',
      limit: '50',
    });

    expect(messages).toEqual([]);
    expect({ ...value }).toEqual({ symbol: 'ETH/USDT', exchange: 'binance', timeframe: '1h', limit: 50 });
  });

  it.each([
    [{ limit: 1001 }, 'limit must not be greater than 1000'],
    [{ limit: 0 }, 'limit must not be less than 1'],
    [{ limit: '12abc' }, 'limit must be an integer number'],
    [{ limit: 2.5 }, 'limit must be an integer number'],
    [{ symbol: 'BTC' }, 'symbol "BTC" is not a trading pair such as BTC/USDT or BTCUSDT'],
    [{ symbol: 42 }, 'symbol must be a string'],
    [{ exchange: 'nope' }, expect.stringMatching(/^exchange "nope" is not a ccxt exchange id/)],
    [{ timeframe: '1 hour' }, 'timeframe "1 hour" is not a ccxt timeframe such as 1m, 1h or 1d'],
  ])('should reject %p naming the field', (input, message) => {
    expect(validate(MarketQueryDto, input).messages).toEqual([message]);
  });
});

describe(SignalRequestDto.name, () => {
  it('should read booleans and numbers sent as strings', () => {
    const { value, messages } = validate(SignalRequestDto, { explain: 'true', horizon_min: '15' });

    expect(messages).toEqual([]);
    expect([value.explain, value.horizon_min]).toEqual([true, 15]);
  });

  it.each([
    [{ explain: 'yes' }, 'explain must be a boolean value'],
    [{ horizon_min: 10_081 }, 'horizon_min must not be greater than 10080'],
  ])('should reject %p naming the field', (input, message) => {
    expect(validate(SignalRequestDto, input).messages).toEqual([message]);
  });
});

describe(IngestRequestDto.name, () => {
  it('should leave limit and since unset by default (continue after the last stored candle)', () => {
    const { value, messages } = validate(IngestRequestDto, {});

    expect(messages).toEqual([]);
    expect([value.limit, value.since]).toEqual([undefined, undefined]);
  });

  it.each([
    ['2025-10-06', Date.UTC(2025, 9, 6)],
    ['2025-10-06T12:00:00Z', Date.UTC(2025, 9, 6, 12)],
    [1759766400000, 1759766400000],
    ['1759766400000', 1759766400000],
    ['yesterday', undefined],
    ['2025-13-45', undefined],
    [-1, undefined],
    [MAX_SINCE_MS, MAX_SINCE_MS],
    [MAX_SINCE_MS + 1, undefined],
    [` 000${MAX_SINCE_MS} `, MAX_SINCE_MS],
    ['1000000000000000', undefined],
  ])('should read since %p as %p', (since, ms) => {
    expect(toEpochMs(since)).toBe(ms);
    expect(validate(IngestRequestDto, { since }).messages).toEqual(
      ms === undefined ? [expect.stringMatching(/^since must be an ISO-8601 date-time/)] : [],
    );
  });
});

describe('the OpenAPI patterns', () => {
  const reads = (value: string): boolean => {
    try {
      normalizeSymbol(value);
      return true;
    } catch {
      return false;
    }
  };

  // clients check the pattern in their own engine: what it admits is what normalizeSymbol reads, and back
  it.each([
    'BTCUSDT',
    'btcusdt',
    'BTC/USDT',
    'btc-usdt',
    'eth_btc',
    ' BTCUSDT\n',
    '\u00a0ETHEUR',
    'SOLFDUSD',
    'BTC',
    'BTC/',
    'B/USDT',
    'BTC USDT',
    'BTCXYZ',
    '',
    'ÄÖ/USDT',
  ])('should admit %p exactly when normalizeSymbol reads it', (symbol) => {
    expect(new RegExp(SYMBOL_PATTERN).test(symbol)).toBe(reads(symbol));
  });

  it.each([
    ['1h', true],
    [' 15m ', true],
    ['01d', true],
    ['1M', true],
    ['0h', false],
    ['1 hour', false],
    ['h', false],
  ])('should admit timeframe %p: %p', (timeframe, admitted) => {
    expect(new RegExp(TIMEFRAME_PATTERN).test(timeframe)).toBe(admitted);
  });
});

describe('a JSON null for an optional field', () => {
  it('should read as the field left out', () => {
    const { value, messages } = validate(IngestRequestDto, { limit: null, since: null });

    expect(messages).toEqual([]);
    expect([value.limit, value.since]).toEqual([undefined, undefined]);
  });
});
