import type { Candle, MarketKey } from '@crypto/candles';
import { computeFeatures } from '@crypto/features';
import { heuristicSignal } from '@crypto/signals';
import { NO_MODEL_SOURCE } from '../ml/champion-model-source';
import { StreamCandleScorer, type StreamCandle } from './stream-candle-scorer';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const series = (count: number): Candle[] =>
  Array.from({ length: count }, (_, i) => {
    const close = 100 + 10 * Math.sin(i / 3) + i * 0.1;
    return { ts: T0 + i * HOUR, open: close - 0.5, high: close + 1, low: close - 1, close, volume: 10 + i };
  });
const onStream = (symbol: string, candles: readonly Candle[]): StreamCandle[] =>
  candles.map((c) => ({ ...c, symbol, timeframe: '1h' }));

/** The store: the candles given per symbol, read as CandleRepository.latest reads them. */
class StoredCandles {
  reads = 0;
  constructor(private readonly bySymbol: Record<string, Candle[]>) {}
  async latest(market: MarketKey, n: number, options: { before?: number } = {}) {
    this.reads++;
    const before = options.before ?? Infinity;
    return (this.bySymbol[market.symbol] ?? [])
      .filter((c) => c.ts < before)
      .slice(-n)
      .map((c) => ({ ...c, isFinal: true }));
  }
}

describe(StreamCandleScorer.name, () => {
  const candles = series(120);

  it('should give the batch features heuristic of each candle, warmed from the store', async () => {
    const sut = new StreamCandleScorer(
      new StoredCandles({ 'BTC/USDT': candles.slice(0, 80) }),
      NO_MODEL_SOURCE,
      {
        exchange: 'binance',
        now: () => 42,
      },
    );

    const { predictions, modelVersion } = await sut.score(onStream('BTC/USDT', candles.slice(80)));

    const rows = computeFeatures(candles).slice(80);
    expect(predictions.map((p) => p.heuristic.risk_score)).toEqual(
      rows.map((r) => heuristicSignal(r).risk_score),
    );
    expect(predictions[0]).toMatchObject({ id: `BTC/USDT|1h|${candles[80]!.ts}`, ml: null, produced_at: 42 });
    expect(modelVersion).toBeNull();
  });

  it('should skip late and repeated candles, and count them', async () => {
    const sut = new StreamCandleScorer(new StoredCandles({}), NO_MODEL_SOURCE, { exchange: 'binance' });
    await sut.score(onStream('ETH/USDT', candles.slice(0, 10)));

    const again = await sut.score(onStream('ETH/USDT', [candles[9]!, candles[3]!, candles[10]!]));

    expect(again.skipped).toBe(2);
    expect(again.predictions.map((p) => p.ts)).toEqual([candles[10]!.ts]);
  });

  it('should re-warm a market from the store when a candle leaves a gap, and after forget', async () => {
    const store = new StoredCandles({ 'SOL/USDT': candles });
    const sut = new StreamCandleScorer(store, NO_MODEL_SOURCE, { exchange: 'binance' });
    await sut.score(onStream('SOL/USDT', candles.slice(50, 60)));
    expect(store.reads).toBe(1);

    // another replica scored 60–89 meanwhile: the store has them
    const { predictions } = await sut.score(onStream('SOL/USDT', candles.slice(90, 91)));

    expect(store.reads).toBe(2);
    expect(predictions[0]!.heuristic.risk_score).toBe(
      heuristicSignal(computeFeatures(candles)[90]!).risk_score,
    );
    sut.forget(onStream('SOL/USDT', candles.slice(90, 91)));
    await sut.score(onStream('SOL/USDT', candles.slice(91, 92)));
    expect(store.reads).toBe(3);
  });
});
