import type { PriceTick } from '@crypto/messaging';
import type { PriceUpdate } from '../generated/crypto/PriceUpdate';
import { PriceStream, type PriceUpdateSink } from './price-stream';

const tick = (symbol: string, price: number, timestamp = 1_000): PriceTick => ({
  symbol,
  price,
  volume: 12,
  timestamp,
  change_24h: 0.01,
  source: 'test',
});

class RecordingSink implements PriceUpdateSink {
  readonly written: PriceUpdate[] = [];
  /** how many more writes fit before the client's buffer is full */
  room = Number.POSITIVE_INFINITY;

  write(update: PriceUpdate): boolean {
    this.written.push(update);
    this.room--;
    return this.room > 0;
  }
}

describe(PriceStream.name, () => {
  let sink: RecordingSink;
  let now: number;
  const volatility = () => ({ volatility: 0.02, regime: 'normal' });
  const stream = (symbols: string[], intervalMs = 1_000) =>
    new PriceStream({ symbols: new Set(symbols), intervalMs }, sink, volatility, undefined, () => now);

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
    sink = new RecordingSink();
  });

  afterEach(() => jest.useRealTimers());

  const advance = (ms: number) => {
    now += ms;
    jest.advanceTimersByTime(ms);
  };

  it('should send the first tick of a symbol at once, in the PriceUpdate shape', () => {
    stream(['BTC/USDT']).offer(tick('BTC/USDT', 100));
    expect(sink.written).toEqual([
      {
        symbol: 'BTC/USDT',
        price: 100,
        change_24h: 0.01,
        volume_24h: 12,
        timestamp: 1_000,
        volatility: 0.02,
        regime: 'normal',
      },
    ]);
  });

  it('should ignore symbols not asked for, and take every symbol when none is named', () => {
    stream(['BTC/USDT']).offer(tick('ETH/USDT', 1));
    expect(sink.written).toHaveLength(0);
    stream([]).offer(tick('ETH/USDT', 1));
    expect(sink.written).toHaveLength(1);
  });

  it('should send at most one update per symbol per interval, the latest price', () => {
    const sut = stream(['BTC/USDT']);
    sut.offer(tick('BTC/USDT', 100));
    advance(100);
    sut.offer(tick('BTC/USDT', 101));
    advance(100);
    sut.offer(tick('BTC/USDT', 102));
    expect(sink.written.map((u) => u.price)).toEqual([100]);
    advance(799);
    expect(sink.written.map((u) => u.price)).toEqual([100]);
    advance(1);
    expect(sink.written.map((u) => u.price)).toEqual([100, 102]);
  });

  it('should pace each symbol on its own', () => {
    const sut = stream([]);
    sut.offer(tick('BTC/USDT', 100));
    sut.offer(tick('ETH/USDT', 10));
    sut.offer(tick('BTC/USDT', 101));
    expect(sink.written.map((u) => u.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('should write nothing while the client is full, then the latest of each symbol on drain', () => {
    const sut = stream([], 100);
    sink.room = 1;
    sut.offer(tick('BTC/USDT', 100));
    advance(1_000);
    sut.offer(tick('BTC/USDT', 101));
    sut.offer(tick('ETH/USDT', 10));
    sut.offer(tick('BTC/USDT', 102));
    expect(sink.written.map((u) => u.price)).toEqual([100]);
    sink.room = Number.POSITIVE_INFINITY;
    sut.drained();
    expect(sink.written.map((u) => u.price)).toEqual([100, 102, 10]);
  });

  it('should write nothing more once closed, a held tick included', () => {
    const sut = stream(['BTC/USDT']);
    sut.offer(tick('BTC/USDT', 100));
    sut.offer(tick('BTC/USDT', 101));
    sut.close();
    advance(5_000);
    sut.offer(tick('BTC/USDT', 102));
    expect(sink.written.map((u) => u.price)).toEqual([100]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
