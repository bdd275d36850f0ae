import { join } from 'node:path';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv, parseRecordedMarkets } from './market-data.env';
import type { ExchangeProbe } from './market-data.mode';
import { connectExchanges, createCandleStreamSource } from './market-data.runtime';
import type { CandleUpdate } from './stream/market-stream';

const REPO_ROOT = join(__dirname, '../../..');
const BTC_FILE = join(REPO_ROOT, '../shared/data/btcusdt-1h.csv');
const env = (values: Record<string, string>) =>
  loadEnv(MarketDataEnv, { RECORDED_MARKETS: `BTC/USDT@1h=${BTC_FILE}`, ...values });
// in-process fakes of the reachability probe of MARKET_DATA_MODE=auto
const reachable: ExchangeProbe = () => Promise.resolve();
const unreachable: ExchangeProbe = () => Promise.reject(new Error('getaddrinfo ENOTFOUND api.binance.com'));

describe(parseRecordedMarkets.name, () => {
  it('should read each SYMBOL@TIMEFRAME=FILE entry, resolving paths from the working directory', () => {
    expect(
      parseRecordedMarkets('btcusdt@1h=../shared/data/btcusdt-1h.csv, ETH/USDT@4h=/data/eth.csv', REPO_ROOT),
    ).toEqual([
      { symbol: 'BTC/USDT', timeframe: '1h', file: BTC_FILE },
      { symbol: 'ETH/USDT', timeframe: '4h', file: '/data/eth.csv' },
    ]);
  });

  it.each([
    ['BTC/USDT=file.csv', 'is not SYMBOL@TIMEFRAME=FILE'],
    ['BTC/USDT@hourly=file.csv', 'is not a ccxt timeframe'],
    ['BTC@1h=file.csv', 'is not a trading pair'],
  ])('should reject "%s"', (spec, message) => {
    expect(() => parseRecordedMarkets(spec)).toThrow(message);
  });
});

describe(MarketDataEnv.name, () => {
  it('should default to probing the exchange (auto) and the shared BTC recording', () => {
    expect({ ...loadEnv(MarketDataEnv, {}) }).toEqual({
      MARKET_DATA_MODE: 'auto',
      EXCHANGE_PROBE_TIMEOUT_MS: 2_500,
      EXCHANGE_TIMEOUT_MS: 10_000,
      EXCHANGE_RETRIES: 4,
      RECORDED_MARKETS: 'BTC/USDT@1h=../shared/data/btcusdt-1h.csv',
      STREAM_SOURCE: 'auto',
      REPLAY_SPEED: 3600,
    });
  });

  it('should accept Infinity as a replay speed', () => {
    expect(env({ REPLAY_SPEED: 'Infinity' }).REPLAY_SPEED).toBe(Infinity);
  });

  it('should name every bad key', () => {
    expect(() =>
      loadEnv(MarketDataEnv, {
        MARKET_DATA_MODE: 'airplane',
        EXCHANGE_PROBE_URL: 'not a url',
        EXCHANGE_BASE_URL: 'not a url',
        STREAM_SOURCE: 'tape',
      }),
    ).toThrow(/MARKET_DATA_MODE.*EXCHANGE_PROBE_URL.*EXCHANGE_BASE_URL.*STREAM_SOURCE/);
  });
});

describe(connectExchanges.name, () => {
  it('should serve the recorded markets through ccxt in offline mode', async () => {
    const sut = await connectExchanges(env({ MARKET_DATA_MODE: 'offline' }));
    try {
      const binance = sut.exchanges.get('binance');
      const market = await binance.resolveMarket('BTCUSDT', '1h');

      const candles = await binance.fetchCandles(market, { limit: 3 });

      expect(sut.emulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sut.resolution).toMatchObject({ mode: 'offline', decidedBy: 'configured' });
      expect(candles.at(-1)).toMatchObject({ ts: 1759766400000, close: 125455.24 });
    } finally {
      await sut.close();
    }
  });

  it('should start no emulator when talking to the exchanges', async () => {
    const sut = await connectExchanges(env({ MARKET_DATA_MODE: 'exchange' }));

    expect(sut.emulator).toBeUndefined();
    expect(sut.exchanges.get('kraken').exchangeId).toBe('kraken');
    await sut.close();
  });

  it('should serve the recorded markets when auto finds the exchange unreachable', async () => {
    const sut = await connectExchanges(env({}), { probe: unreachable });
    try {
      const candles = await sut.exchanges
        .get('binance')
        .fetchCandles(await sut.exchanges.get('binance').resolveMarket('BTCUSDT', '1h'), { limit: 1 });

      expect(sut.resolution).toMatchObject({ mode: 'offline', decidedBy: 'probe' });
      expect(candles).toEqual([expect.objectContaining({ ts: 1759766400000 })]);
    } finally {
      await sut.close();
    }
  });

  it('should talk to the exchanges when auto finds them reachable', async () => {
    const sut = await connectExchanges(env({}), { probe: reachable });

    expect(sut.emulator).toBeUndefined();
    expect(sut.resolution).toMatchObject({ mode: 'exchange', decidedBy: 'probe' });
    await sut.close();
  });
});

describe(createCandleStreamSource.name, () => {
  it('should replay the recorded markets when STREAM_SOURCE=replay', async () => {
    const sut = await createCandleStreamSource(env({ STREAM_SOURCE: 'replay', REPLAY_SPEED: '0' }));

    expect(sut.kind).toBe('replay');
    for await (const update of sut.stream({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      tickers: false,
    })) {
      expect(update).toMatchObject({ type: 'candle', candle: { ts: 1602093600000 } });
      break;
    }
  });

  it('should replay the recorded markets by default when auto finds the exchange unreachable', async () => {
    const sut = await createCandleStreamSource(env({}), 'binance', { probe: unreachable });

    expect(sut.kind).toBe('replay');
    await sut.close();
  });

  it('should watch the exchange by default when auto finds it reachable', async () => {
    const sut = await createCandleStreamSource(env({}), 'binance', { probe: reachable });

    expect(sut.kind).toBe('live');
    await sut.close();
  });

  it('should watch the exchange when STREAM_SOURCE=live', async () => {
    const sut = await createCandleStreamSource(
      env({ MARKET_DATA_MODE: 'exchange', STREAM_SOURCE: 'live' }),
      'binance',
    );

    expect(sut.kind).toBe('live');
    await sut.close();
  });

  it('should stream live from the in-process emulator in offline mode with STREAM_SOURCE=live', async () => {
    const sut = await createCandleStreamSource(
      env({
        MARKET_DATA_MODE: 'offline',
        STREAM_SOURCE: 'live',
        REPLAY_SPEED: String(3_600_000 / 20),
        REPLAY_FROM: '2025-10-01T00:00:00Z',
      }),
    );
    try {
      for await (const update of sut.stream({
        exchange: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1h',
        tickers: false,
      })) {
        expect(update).toMatchObject({ type: 'candle', candle: { ts: expect.any(Number) } });
        expect((update as CandleUpdate).candle.ts).toBeGreaterThanOrEqual(Date.UTC(2025, 9, 1));
        break;
      }
    } finally {
      await sut.close();
    }
  });

  it('should refuse an offline live feed as fast as possible', async () => {
    await expect(
      createCandleStreamSource(
        env({ MARKET_DATA_MODE: 'offline', STREAM_SOURCE: 'live', REPLAY_SPEED: '0' }),
      ),
    ).rejects.toThrow('needs a finite REPLAY_SPEED');
  });
});
