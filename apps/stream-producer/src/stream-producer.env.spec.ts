import { loadEnv } from '@crypto/config';
import { streamMarkets } from './stream-producer.module';
import { StreamProducerEnv } from './stream-producer.env';

describe(StreamProducerEnv.name, () => {
  it('should default its metrics port to 9102 and refuse one out of range', () => {
    expect(loadEnv(StreamProducerEnv, {}).METRICS_PORT).toBe(9102);
    expect(() => loadEnv(StreamProducerEnv, { METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('should refuse a REPLAY_LOOP that is not true or false', () => {
    expect(() => loadEnv(StreamProducerEnv, { REPLAY_LOOP: 'yes' })).toThrow(/REPLAY_LOOP/);
  });
});

describe(streamMarkets.name, () => {
  const recorded = { RECORDED_MARKETS: 'BTC/USDT@1h=a.csv,ETHUSDT@5m=b.csv' };

  it('should take the recorded markets when STREAM_MARKETS is empty', () => {
    expect(streamMarkets({ STREAM_MARKETS: '' }, recorded)).toEqual([
      { symbol: 'BTC/USDT', timeframe: '1h' },
      { symbol: 'ETH/USDT', timeframe: '5m' },
    ]);
  });

  it('should read SYMBOL@TIMEFRAME entries and name a malformed one', () => {
    expect(streamMarkets({ STREAM_MARKETS: 'SOL/USDT@1m, BTC/USDT@1h' }, recorded)).toEqual([
      { symbol: 'SOL/USDT', timeframe: '1m' },
      { symbol: 'BTC/USDT', timeframe: '1h' },
    ]);
    expect(() => streamMarkets({ STREAM_MARKETS: 'SOL/USDT' }, recorded)).toThrow(/"SOL\/USDT"/);
  });
});
