import { MarketDataError } from '@crypto/candles';
import { ServingMetricsSpy } from '../testing/metrics.spy';
import { FakeExchange, FakeExchangeDirectory, TestClock, hourlySeries } from '../testing/serving.fakes';
import { TimedExchangeDirectory } from './timed-exchange.directory';

describe(TimedExchangeDirectory.name, () => {
  const clock = new TestClock(Date.UTC(2025, 0, 1));
  let metrics: ServingMetricsSpy;
  let exchange: FakeExchange;
  let sut: TimedExchangeDirectory;

  beforeEach(() => {
    metrics = new ServingMetricsSpy();
    exchange = new FakeExchange(hourlySeries(10, clock.time), clock);
    sut = new TimedExchangeDirectory(new FakeExchangeDirectory(exchange), metrics);
  });

  it('should report each call with its outcome and pass its answer through', async () => {
    const market = await sut.get('binance').resolveMarket('BTCUSDT', '1h');
    const candles = await sut.get('binance').fetchCandles(market, { limit: 3 });

    expect(candles).toHaveLength(3);
    expect(metrics.exchangeCalls).toEqual([
      { exchange: 'binance', operation: 'resolveMarket', seconds: expect.any(Number), outcome: 'ok' },
      { exchange: 'binance', operation: 'fetchCandles', seconds: expect.any(Number), outcome: 'ok' },
    ]);
    expect(metrics.exchangeCalls.every((c) => c.seconds >= 0)).toBe(true);
  });

  it('should report a failed call and rethrow its error', async () => {
    const down = new MarketDataError('EXCHANGE_UNAVAILABLE', 'binance unavailable');
    exchange.failWith = down;

    await expect(
      sut.get('binance').fetchCandles({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, {}),
    ).rejects.toBe(down);
    expect(metrics.exchangeCalls).toEqual([
      { exchange: 'binance', operation: 'fetchCandles', seconds: expect.any(Number), outcome: 'error' },
    ]);
  });

  it('should reject an unknown exchange id as the directory it wraps does', () => {
    expect(() => sut.get('nope')).toThrow(expect.objectContaining({ code: 'UNKNOWN_EXCHANGE' }));
  });
});
