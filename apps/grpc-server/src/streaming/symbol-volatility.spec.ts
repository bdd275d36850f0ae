import { Logger } from '@nestjs/common';
import { CandleFactory } from '@crypto/candles';
import { explainSignal } from '@crypto/signals';
import type { StoredCandle } from '@crypto/storage';
import { SymbolVolatility, UNKNOWN_VOLATILITY } from './symbol-volatility';

describe(SymbolVolatility.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  const candles = CandleFactory.series({ count: 60 })
    .withReturns(Array.from({ length: 59 }, (_, i) => [0.01, -0.02, 0.015][i % 3]!))
    .build();
  let now: number;
  let reads: string[];
  let stored: StoredCandle[];
  let failing: Error | undefined;
  let sut: SymbolVolatility;

  beforeEach(() => {
    now = 0;
    reads = [];
    stored = candles.map((c) => ({ ...c, isFinal: true }));
    failing = undefined;
    sut = new SymbolVolatility(
      {
        latest: async (market, n) => {
          reads.push(`${market.exchange} ${market.symbol} ${market.timeframe} ${n}`);
          if (failing) throw failing;
          return stored.slice(-n);
        },
      },
      { exchange: 'binance', timeframe: '1h', refreshMs: 60_000, now: () => now },
    );
  });

  it('should answer unknown at first, then vol24 and the regime of the latest closed candle', async () => {
    expect(sut.lookup('BTC/USDT')).toEqual(UNKNOWN_VOLATILITY);
    await sut.settled();
    const expected = explainSignal(candles);
    expect(expected.vol).toBeGreaterThan(0);
    expect(sut.lookup('BTC/USDT')).toEqual({ volatility: expected.vol, regime: expected.vol_regime });
    expect(reads).toEqual(['binance BTC/USDT 1h 200']);
  });

  it('should read the store again only after refreshMs or a closed candle', async () => {
    sut.lookup('BTC/USDT');
    await sut.settled();
    now = 59_999;
    sut.lookup('BTC/USDT');
    expect(reads).toHaveLength(1);
    sut.candleClosed('BTC/USDT');
    sut.lookup('BTC/USDT');
    await sut.settled();
    now = 200_000;
    sut.lookup('BTC/USDT');
    await sut.settled();
    expect(reads).toHaveLength(3);
  });

  it('should keep the last figures when the store fails', async () => {
    sut.lookup('BTC/USDT');
    await sut.settled();
    const known = sut.lookup('BTC/USDT');
    expect(known.volatility).toBeGreaterThan(0);
    failing = new Error('connection refused');
    now = 100_000;
    sut.lookup('BTC/USDT');
    await sut.settled();
    expect(reads).toHaveLength(2);
    expect(sut.lookup('BTC/USDT')).toEqual(known);
  });
});
