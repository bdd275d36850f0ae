import { MarketDataError } from '@crypto/candles';
import { explainSignal } from '@crypto/signals';
import { StorageError, type SignalRecord } from '@crypto/storage';
import type { CandleWindow } from '../market/market-candle.service';
import { ServingMetricsSpy } from '../testing/metrics.spy';
import { InMemoryRecordTable } from '../testing/record-table.fake';
import { BTC_1H, BTC_QUERY, HOUR, TestClock, hourlySeries } from '../testing/serving.fakes';
import { HeuristicSignalService, type SignalQuery } from './heuristic-signal.service';

const LAST_TS = Date.UTC(2025, 9, 6, 16);
const SERIES = hourlySeries(500, LAST_TS);
const NOW = LAST_TS + 2 * HOUR;

const query = (overrides: Partial<SignalQuery> = {}): SignalQuery => ({
  ...BTC_QUERY,
  limit: 200,
  horizonMin: 60,
  explain: false,
  ...overrides,
});

describe(HeuristicSignalService.name, () => {
  let windows: { latest: jest.Mock<Promise<CandleWindow>> };
  let table: InMemoryRecordTable<SignalRecord>;
  let metrics: ServingMetricsSpy;
  let sut: HeuristicSignalService;

  beforeEach(() => {
    windows = {
      latest: jest.fn(async (_query, limit: number) => ({
        market: BTC_1H,
        candles: SERIES.slice(-limit),
        checkedAt: NOW,
      })),
    };
    table = new InMemoryRecordTable<SignalRecord>();
    metrics = new ServingMetricsSpy();
    sut = new HeuristicSignalService(windows, table, { now: new TestClock(NOW).now, metrics });
  });

  describe('generate', () => {
    it('should answer the SPEC §5 heuristic of the last `limit` closed candles', async () => {
      const expected = explainSignal(SERIES.slice(-200));

      const signal = await sut.generate(query());

      expect(windows.latest).toHaveBeenCalledWith(expect.objectContaining({ symbol: 'BTCUSDT' }), 200);
      expect(signal).toEqual({
        market: BTC_1H,
        limit: 200,
        horizon_min: 60,
        nowcast_ret: expected.nowcast_ret,
        vol: expected.vol,
        vol_regime: expected.vol_regime,
        risk_score: expected.risk_score,
        method: 'heuristic',
        timestamp: new Date(NOW).toISOString(),
        candle_ts: LAST_TS,
        explain: null,
      });
    });

    it('should persist the signal it answers, with the request it answered', async () => {
      const signal = await sut.generate(query({ horizonMin: 240, limit: 100 }));

      expect(table.rows).toEqual([
        {
          createdAt: new Date(NOW),
          symbol: 'BTC/USDT',
          exchange: 'binance',
          timeframe: '1h',
          limit: 100,
          horizonMin: 240,
          riskScore: signal.risk_score,
          nowcastRet: signal.nowcast_ret,
          vol: signal.vol,
          volRegime: signal.vol_regime,
          method: 'heuristic',
          candleTs: LAST_TS,
          explain: null,
        },
      ]);
      expect(metrics.signals).toBe(1);
    });

    it('should answer and persist the features tail when explain is asked', async () => {
      const signal = await sut.generate(query({ explain: true }));

      expect(signal.explain).toEqual(explainSignal(SERIES.slice(-200)));
      expect(signal.explain!.features_tail).toHaveLength(5);
      expect(table.rows[0]!.explain).toEqual(signal.explain);
    });

    it('should not answer a signal it could not persist', async () => {
      table.failWith = new StorageError('UNAVAILABLE', 'PostgreSQL unavailable to store a signal');

      await expect(sut.generate(query())).rejects.toThrow(StorageError);
      expect(metrics.signals).toBe(0);
    });

    it('should state the age of candles served from an old copy', async () => {
      windows.latest.mockResolvedValueOnce({
        market: BTC_1H,
        candles: SERIES,
        checkedAt: NOW,
        staleMs: 90_000,
      });

      expect((await sut.generate(query())).stale_ms).toBe(90_000);
    });

    it('should fail with INSUFFICIENT_DATA when the market has no closed candle', async () => {
      windows.latest.mockResolvedValueOnce({ market: BTC_1H, candles: [], checkedAt: NOW });

      await expect(sut.generate(query())).rejects.toThrow(MarketDataError);
      expect(table.rows).toEqual([]);
    });
  });

  describe('evaluate', () => {
    it('should compute a window once and reuse it until a new candle arrives', () => {
      const window = { market: BTC_1H, candles: SERIES.slice(0, 300), checkedAt: NOW };
      const first = sut.evaluate(window);

      expect(sut.evaluate({ ...window, candles: SERIES.slice(0, 300) })).toBe(first);
      const next = sut.evaluate({ ...window, candles: SERIES.slice(1, 301) });
      expect(next).not.toBe(first);
      expect(next).toEqual(explainSignal(SERIES.slice(1, 301)));
    });
  });

  describe('tail', () => {
    it('should give the latest persisted signals, oldest first', async () => {
      await sut.generate(query({ horizonMin: 1 }));
      await sut.generate(query({ horizonMin: 2 }));
      await sut.generate(query({ horizonMin: 3 }));

      expect((await sut.tail(2)).map((s) => s.horizonMin)).toEqual([2, 3]);
    });
  });
});
