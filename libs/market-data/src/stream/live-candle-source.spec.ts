import * as ccxt from 'ccxt';
import { MarketDataError } from '@crypto/candles';
import { LiveCandleSource, type WatchingExchange } from './live-candle-source';
import type { CandleUpdate, MarketUpdate } from './market-stream';

// ccxt.pro cannot reach an exchange here: these tests drive the source through an in-process fake of the
// ccxt.pro client, scripted with what watchOHLCV / watchTicker answer (data or ccxt errors).
type Step<T> = T | Error;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const row = (hour: number, close: number): ccxt.OHLCV => [T0 + hour * HOUR, 100, 110, 90, close, 5];

class FakeProExchange implements WatchingExchange {
  id = 'binance';
  markets: Record<string, unknown> | undefined;
  timeframes = { '1m': '1m', '1h': '1h' };
  loads = 0;
  closed = false;

  constructor(
    private readonly ohlcv: Array<Step<ccxt.OHLCV[]>>,
    private readonly tickers: Array<Step<Partial<ccxt.Ticker>>> = [],
    private readonly loadFailures: Error[] = [],
  ) {}

  async loadMarkets(): Promise<unknown> {
    this.loads++;
    const failure = this.loadFailures.shift();
    if (failure) throw failure;
    this.markets = { 'BTC/USDT': {} };
    return this.markets;
  }

  watchOHLCV(): Promise<ccxt.OHLCV[]> {
    return next(this.ohlcv);
  }

  watchTicker(): Promise<ccxt.Ticker> {
    return next(this.tickers) as Promise<ccxt.Ticker>;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A fake that also answers REST `fetchOHLCV` with these final candles (or fails with `restFailure`). */
class FakeProExchangeWithRest extends FakeProExchange {
  readonly restCalls: number[] = [];
  restFailure?: Error;

  constructor(
    ohlcv: Array<Step<ccxt.OHLCV[]>>,
    private readonly finals: ccxt.OHLCV[],
  ) {
    super(ohlcv);
  }

  async fetchOHLCV(_symbol: string, _timeframe?: string, since?: number, limit = 500): Promise<ccxt.OHLCV[]> {
    this.restCalls.push(since!);
    if (this.restFailure) throw this.restFailure;
    return this.finals.filter((r) => r[0]! >= since!).slice(0, limit);
  }
}

/**
 * The next scripted answer, a turn of the event loop later as a socket message would be; once the script is
 * over, a watch that never answers (a quiet market).
 */
function next<T>(script: Array<Step<T>>): Promise<T> {
  if (script.length === 0) return new Promise<T>(() => undefined);
  const step = script.shift()!;
  return new Promise<T>((resolve, reject) =>
    setImmediate(() => (step instanceof Error ? reject(step) : resolve(step))),
  );
}

async function take(stream: AsyncIterable<MarketUpdate>, n: number): Promise<MarketUpdate[]> {
  const updates: MarketUpdate[] = [];
  for await (const update of stream) {
    updates.push(update);
    if (updates.length >= n) break;
  }
  return updates;
}

const request = { exchange: 'binance', symbol: 'btcusdt', timeframe: '1h', tickers: false };
const describeCandle = (u: MarketUpdate) => {
  const { candle, closed } = u as CandleUpdate;
  return `${(candle.ts - T0) / HOUR}:${candle.close}:${closed ? 'closed' : 'open'}`;
};

function source(exchange: FakeProExchange, { confirmClosed = false } = {}) {
  const sleeps: number[] = [];
  const sut = new LiveCandleSource(exchange, {
    confirmClosed,
    retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 1_000 },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1,
    now: () => T0,
  });
  return { sut, sleeps };
}

describe(LiveCandleSource.name, () => {
  describe('stream', () => {
    it('should emit each update of the open candle, then the candle closed when the next one opens', async () => {
      const { sut } = source(
        new FakeProExchange([[row(0, 101)], [row(0, 102)], [row(0, 103), row(1, 104)], [row(1, 105)]]),
      );

      const updates = await take(sut.stream(request), 6);

      expect(updates.map(describeCandle)).toEqual([
        '0:101:open',
        '0:102:open',
        '0:103:open',
        '0:103:closed',
        '1:104:open',
        '1:105:open',
      ]);
      expect(updates[0]).toMatchObject({
        market: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
      });
    });

    it('should emit a closed candle with its final values read back over REST when asked', async () => {
      const exchange = new FakeProExchangeWithRest([[row(0, 101)], [row(1, 104)]], [row(0, 102.5)]);
      const { sut } = source(exchange, { confirmClosed: true });

      const updates = await take(sut.stream(request), 3);

      expect(updates.map(describeCandle)).toEqual(['0:101:open', '0:102.5:closed', '1:104:open']);
      expect(exchange.restCalls).toEqual([T0]);
    });

    it('should emit the candles missed between two updates, read over REST', async () => {
      const finals = [row(0, 102), row(1, 103), row(2, 104), row(3, 105)];
      const exchange = new FakeProExchangeWithRest([[row(0, 101)], [row(3, 106)]], finals);
      const { sut } = source(exchange, { confirmClosed: true });

      const updates = await take(sut.stream(request), 5);

      expect(updates.map(describeCandle)).toEqual([
        '0:101:open',
        '0:102:closed',
        '1:103:closed',
        '2:104:closed',
        '3:106:open',
      ]);
    });

    it('should emit the last update seen as closed when REST fails', async () => {
      const exchange = new FakeProExchangeWithRest([[row(0, 101)], [row(1, 104)]], []);
      exchange.restFailure = new ccxt.NetworkError('down');
      const { sut } = source(exchange, { confirmClosed: true });

      const updates = await take(sut.stream(request), 2);

      expect(updates.map(describeCandle)).toEqual(['0:101:open', '0:101:closed']);
    });

    it('should ignore a late update of a candle already closed', async () => {
      const { sut } = source(new FakeProExchange([[row(1, 101)], [row(0, 99)], [row(2, 102)]]));

      const updates = await take(sut.stream(request), 3);

      expect(updates.map(describeCandle)).toEqual(['1:101:open', '1:101:closed', '2:102:open']);
    });

    it('should interleave ticker updates when asked', async () => {
      const ticker = {
        symbol: 'BTC/USDT',
        last: 42_000,
        percentage: -1.5,
        baseVolume: 1_234,
        timestamp: T0 + 5,
      };
      const { sut } = source(new FakeProExchange([[row(0, 101)]], [ticker]));

      const updates = await take(sut.stream({ ...request, tickers: true }), 2);

      expect(updates).toContainEqual({
        type: 'ticker',
        market: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
        ticker: {
          symbol: 'BTC/USDT',
          price: 42_000,
          change24hPct: -1.5,
          volume24h: 1_234,
          timestamp: T0 + 5,
        },
      });
    });

    it('should keep watching after network failures, backing off', async () => {
      const { sut, sleeps } = source(
        new FakeProExchange([
          [row(0, 101)],
          new ccxt.NetworkError('socket closed'),
          new ccxt.RequestTimeout('ping'),
          [row(0, 102)],
        ]),
      );

      const updates = await take(sut.stream(request), 2);

      expect(updates.map(describeCandle)).toEqual(['0:101:open', '0:102:open']);
      expect(sleeps).toEqual([100, 200]);
    });

    it('should count only consecutive failures against the retries', async () => {
      const down = () => new ccxt.ExchangeNotAvailable('down');
      const { sut } = source(new FakeProExchange([down(), down(), [row(0, 1)], down(), down(), [row(0, 2)]]));

      await expect(take(sut.stream(request), 2)).resolves.toHaveLength(2);
    });

    it('should end with EXCHANGE_UNAVAILABLE when failures outlast the retries', async () => {
      const down = () => new ccxt.NetworkError('connection refused');
      const { sut } = source(new FakeProExchange([[row(0, 101)], down(), down(), down()]));
      const seen: MarketUpdate[] = [];

      const error = await (async () => {
        for await (const update of sut.stream(request)) seen.push(update);
      })().catch((e: unknown) => e);

      expect(seen.map(describeCandle)).toEqual(['0:101:open']);
      expect(error).toBeInstanceOf(MarketDataError);
      expect(error).toMatchObject({
        code: 'EXCHANGE_UNAVAILABLE',
        message: expect.stringContaining('watchOHLCV(BTC/USDT, 1h) after 3 attempts'),
      });
    });

    it('should end at once on a failure retrying cannot fix', async () => {
      const { sut, sleeps } = source(
        new FakeProExchange([new ccxt.BadSymbol('binance does not have market symbol')]),
      );

      await expect(take(sut.stream(request), 1)).rejects.toMatchObject({ code: 'UNKNOWN_SYMBOL' });
      expect(sleeps).toEqual([]);
    });

    it('should end when the signal aborts', async () => {
      const controller = new AbortController();
      const { sut } = source(new FakeProExchange([[row(0, 101)]]));
      const updates: MarketUpdate[] = [];

      for await (const update of sut.stream(request, controller.signal)) {
        updates.push(update);
        controller.abort();
      }

      expect(updates).toHaveLength(1);
    });

    it.each([
      [{ symbol: 'ETH/USDT', timeframe: '1h' }, 'UNKNOWN_SYMBOL'],
      [{ symbol: 'BTC/USDT', timeframe: '3d' }, 'UNSUPPORTED_TIMEFRAME'],
      [{ symbol: 'BTC', timeframe: '1h' }, 'INVALID_SYMBOL'],
      [{ exchange: 'kraken' }, 'UNKNOWN_EXCHANGE'],
    ])('should reject %o with %s before watching', async (market, code) => {
      const { sut } = source(new FakeProExchange([[row(0, 101)]]));

      await expect(take(sut.stream({ ...request, ...market }), 1)).rejects.toMatchObject({ code });
    });

    it('should load the markets once, retrying a failed load', async () => {
      const exchange = new FakeProExchange(
        [1, 2, 3, 4].map((close) => [row(0, close)]),
        [],
        [new ccxt.NetworkError('reset')],
      );
      const { sut } = source(exchange);

      await take(sut.stream(request), 1);
      await take(sut.stream(request), 1);

      expect(exchange.loads).toBe(2);
    });
  });

  describe('close', () => {
    it('should close the ccxt.pro client', async () => {
      const exchange = new FakeProExchange([]);

      await source(exchange).sut.close();

      expect(exchange.closed).toBe(true);
    });
  });

  it('should build a ccxt.pro client for an exchange that has websockets', async () => {
    const sut = LiveCandleSource.connect({ exchangeId: 'binance' });

    expect(sut.kind).toBe('live');
    await sut.close();
  });

  it('should reject an exchange ccxt does not know', () => {
    expect(() => LiveCandleSource.connect({ exchangeId: 'nope' })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_EXCHANGE' }),
    );
  });
});
