import { parseMonitoredMarkets, parseWindowsDays } from './monitoring-settings';

describe(parseMonitoredMarkets.name, () => {
  it('should read exchange:symbol@timeframe entries', () => {
    expect(parseMonitoredMarkets(' binance:BTC/USDT@1h, kraken:ETH/USD@4h')).toEqual([
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
      { exchange: 'kraken', symbol: 'ETH/USD', timeframe: '4h' },
    ]);
  });
});

describe(parseWindowsDays.name, () => {
  it('should keep the order given: the first window is the judged one', () => {
    expect(parseWindowsDays('30, 7')).toEqual([30, 7]);
  });
});
