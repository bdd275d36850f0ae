import { toAlertUpdate, toPredictionUpdate, toPriceUpdate, wantsSymbol } from './live-messages';

describe(toPriceUpdate.name, () => {
  it('should map a price tick, normalising the symbol', () => {
    expect(
      toPriceUpdate({
        symbol: 'BTCUSDT',
        price: 65000,
        volume: 3,
        timestamp: 1,
        change_24h: -0.01,
        source: 'binance',
      }),
    ).toEqual({
      symbol: 'BTC/USDT',
      price: 65000,
      volume: 3,
      change24h: -0.01,
      timestamp: 1,
      source: 'binance',
    });
  });

  it('should map a candle message to its close at its open time', () => {
    expect(
      toPriceUpdate({
        symbol: 'BTC/USDT',
        timeframe: '1h',
        ts: 7,
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
        volume: 9,
        closed: true,
      }),
    ).toEqual({ symbol: 'BTC/USDT', price: 1.5, volume: 9, change24h: null, timestamp: 7, source: '1h' });
  });

  it.each([
    ['no symbol', { price: 1, timestamp: 1 }],
    ['a symbol that is not a pair', { symbol: 'BTC-USDT-X', price: 1, timestamp: 1 }],
    ['a price that is not a number', { symbol: 'BTCUSDT', price: '1', timestamp: 1 }],
    ['no time', { symbol: 'BTCUSDT', price: 1 }],
  ])('should drop a message with %s', (_, message) => {
    expect(toPriceUpdate(message)).toBeUndefined();
  });
});

describe(toPredictionUpdate.name, () => {
  it('should read flat fields', () => {
    expect(
      toPredictionUpdate({ symbol: 'ETHUSDT', timestamp: 5, risk_score: 0.3, vol_regime: 'calm' }),
    ).toMatchObject({
      symbol: 'ETH/USDT',
      timestamp: 5,
      riskScore: 0.3,
      volRegime: 'calm',
      prediction: null,
    });
  });
});

describe(toAlertUpdate.name, () => {
  it('should drop an alert without a severity', () => {
    expect(
      toAlertUpdate({ type: 'regime_change', symbol: 'BTCUSDT', message: 'm', timestamp: 1 }),
    ).toBeUndefined();
  });
});

describe(wantsSymbol.name, () => {
  it.each([
    [null, true],
    [[], true],
    [['btc/usdt'], true],
    [['BTCUSDT', 'ETHUSDT'], true],
    [['ETHUSDT'], false],
  ])('should let BTC/USDT through for %p: %p', (requested, expected) => {
    expect(wantsSymbol(requested, 'BTC/USDT')).toBe(expected);
  });
});
