import { BTC_1H, HOUR, hourlySeries } from '../testing/serving.fakes';
import { CandleWindowMemo } from './candle-window.memo';
import type { CandleWindow } from './market-candle.service';

const LAST_TS = Date.UTC(2025, 9, 6, 16);
const window = (candles: CandleWindow['candles'], market = BTC_1H): CandleWindow => ({
  market,
  candles,
  checkedAt: LAST_TS,
});

describe(CandleWindowMemo.name, () => {
  let memo: CandleWindowMemo<number>;
  let computed: number;
  const compute = () => ++computed;

  beforeEach(() => {
    memo = new CandleWindowMemo();
    computed = 0;
  });

  it('should compute once for the same series, whether the same array or a copy', () => {
    const series = hourlySeries(50, LAST_TS);

    const values = [memo.get(window(series), compute), memo.get(window([...series]), compute)];

    expect(values).toEqual([1, 1]);
  });

  it.each([
    ['a shorter window of the same market', window(hourlySeries(49, LAST_TS))],
    ['a window a candle later', window(hourlySeries(50, LAST_TS + HOUR))],
    ['another market', window(hourlySeries(50, LAST_TS), { ...BTC_1H, symbol: 'ETH/USDT' })],
  ])('should compute again for %s', (_, other) => {
    memo.get(window(hourlySeries(50, LAST_TS)), compute);

    expect(memo.get(other, compute)).toBe(2);
  });
});
