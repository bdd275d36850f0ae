import { CandleFactory } from '@crypto/candles';
import type { CandleMessage, PriceTick } from '../topics';
import { isPriceTick, parsePriceMessage } from './price-messages';

const aTick = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  symbol: 'BTC/USDT',
  price: 65_000.5,
  volume: 12.25,
  timestamp: Date.UTC(2024, 0, 1, 12),
  change_24h: -0.012,
  source: 'binance',
  ...overrides,
});

const aCandle = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const [candle] = CandleFactory.series({ count: 1, startClose: 65_000 }).build();
  return { symbol: 'BTC/USDT', timeframe: '1h', ...candle, closed: true, ...overrides };
};

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe(parsePriceMessage.name, () => {
  describe('ticks', () => {
    it('should read a tick from a Buffer and from a string alike', () => {
      const tick = aTick();
      expect(parsePriceMessage(json(tick))).toEqual(tick);
      expect(parsePriceMessage(JSON.stringify(tick))).toEqual(tick);
    });

    it.each([undefined, null])('should read a tick whose change_24h is %s as one without it', (change) => {
      const parsed = parsePriceMessage(json(aTick({ change_24h: change })));
      expect(parsed).toEqual(aTick({ change_24h: undefined }));
      expect(parsed).not.toHaveProperty('change_24h');
    });

    it('should keep only the tick fields when the producer adds others', () => {
      expect(parsePriceMessage(json(aTick({ exchange: 'binance', extra: { a: 1 } })))).toEqual(aTick());
    });

    it.each([
      ['price', 0, 'tick: price must be a finite number > 0'],
      ['price', -1, 'tick: price must be a finite number > 0'],
      ['price', '65000', 'tick: price must be a finite number > 0'],
      ['price', undefined, 'tick: price must be a finite number > 0'],
      ['volume', -0.5, 'tick: volume must be a finite number ≥ 0'],
      ['volume', null, 'tick: volume must be a finite number ≥ 0'],
      ['timestamp', '2024-01-01T00:00:00Z', 'tick: timestamp must be epoch ms'],
      ['timestamp', 0, 'tick: timestamp must be epoch ms'],
      ['change_24h', '1%', 'tick: change_24h must be a finite number when present'],
      ['source', '', 'tick: source must be a non-empty string'],
      ['source', 7, 'tick: source must be a non-empty string'],
    ])('should reject a tick whose %s is %j', (field, value, error) => {
      expect(parsePriceMessage(json(aTick({ [field]: value })))).toEqual({ error });
    });

    it('should reject a price that JSON can only carry as a huge literal (Infinity after parsing)', () => {
      expect(parsePriceMessage(JSON.stringify(aTick()).replace('65000.5', '1e400'))).toEqual({
        error: 'tick: price must be a finite number > 0',
      });
    });
  });

  describe('candles', () => {
    it('should read a candle with exactly its fields', () => {
      const candle = aCandle();
      expect(parsePriceMessage(json({ ...candle, source: 'binance' }))).toEqual(candle);
    });

    it('should read an open (not yet closed) candle', () => {
      expect(parsePriceMessage(json(aCandle({ closed: false })))).toMatchObject({ closed: false });
    });

    it.each([
      ['timeframe', '1 hour', 'candle: timeframe must be a ccxt timeframe such as 1h'],
      ['timeframe', undefined, 'candle: timeframe must be a ccxt timeframe such as 1h'],
      ['ts', '1704067200000', 'candle: ts must be epoch ms'],
      ['open', 0, 'candle: open, high, low and close must be finite numbers > 0'],
      ['close', null, 'candle: open, high, low and close must be finite numbers > 0'],
      ['high', 1, 'candle: high must be the highest price and low the lowest'],
      ['low', 1_000_000, 'candle: high must be the highest price and low the lowest'],
      ['volume', -1, 'candle: volume must be a finite number ≥ 0'],
      ['closed', 'true', 'candle: closed must be a boolean'],
      ['closed', undefined, 'candle: closed must be a boolean'],
    ])('should reject a candle whose %s is %j', (field, value, error) => {
      expect(parsePriceMessage(json(aCandle({ [field]: value })))).toEqual({ error });
    });
  });

  describe('values that are neither', () => {
    it.each([
      [null, 'empty value'],
      ['', 'empty value'],
      ['{"symbol":', 'not JSON'],
      ['[1,2]', 'not a JSON object'],
      ['"BTC/USDT"', 'not a JSON object'],
      ['null', 'not a JSON object'],
    ])('should reject %j', (value, error) => {
      expect(parsePriceMessage(value)).toEqual({ error });
    });

    it.each(['BTCUSDT', 'btc/usdt', 'BTC-USDT', '', 42, undefined])(
      'should reject the symbol %j, not in the canonical BASE/QUOTE form',
      (symbol) => {
        expect(parsePriceMessage(json(aTick({ symbol })))).toEqual({
          error: 'symbol must be a BASE/QUOTE string such as BTC/USDT',
        });
      },
    );

    it('should name the same reason for the same rule whatever the value, so a log per reason stays short', () => {
      const reasons = new Set(
        [-1, -2, 'x', null].map((price) => JSON.stringify(parsePriceMessage(json(aTick({ price }))))),
      );
      expect(reasons.size).toBe(1);
    });
  });
});

describe('isPriceTick', () => {
  it('should tell a tick from a candle', () => {
    const tick = parsePriceMessage(json(aTick())) as PriceTick;
    const candle = parsePriceMessage(json(aCandle())) as CandleMessage;
    expect(isPriceTick(tick)).toBe(true);
    expect(isPriceTick(candle)).toBe(false);
  });
});
