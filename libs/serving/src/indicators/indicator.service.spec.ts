import { computeFeatures, FEATURE_COLUMNS } from '@crypto/features';
import { BTC_1H, BTC_QUERY, hourlySeries } from '../testing/serving.fakes';
import { IndicatorService } from './indicator.service';

const SERIES = hourlySeries(300, Date.UTC(2025, 9, 6, 16));

describe(IndicatorService.name, () => {
  const windowOf = (candles = SERIES) => ({
    latest: jest.fn(async (_query: unknown, limit: number) => ({
      market: BTC_1H,
      candles: candles.slice(-limit),
      checkedAt: 0,
    })),
  });

  describe('latest', () => {
    it('should give the §5 features of the last candle and of the tail before it, as the batch form computes them', async () => {
      const sut = new IndicatorService(windowOf());

      const snapshot = await sut.latest({ ...BTC_QUERY, limit: 200, tail: 3 });

      const rows = computeFeatures(SERIES.slice(-200)).slice(-3);
      expect(snapshot.market).toEqual(BTC_1H);
      expect([snapshot.limit, snapshot.candles]).toEqual([200, 200]);
      expect(snapshot.tail.map((r) => r.ts)).toEqual(rows.map((r) => r.ts));
      expect(snapshot.latest).toBe(snapshot.tail.at(-1));
      for (const [i, row] of rows.entries()) {
        for (const name of FEATURE_COLUMNS) expect(snapshot.tail[i]![name]).toBeCloseTo(row[name]!, 9);
      }
      expect(snapshot.latest).toMatchObject({
        time: new Date(SERIES.at(-1)!.ts).toISOString(),
        close: SERIES.at(-1)!.close,
      });
      expect(Object.keys(snapshot.latest)).toEqual(['ts', 'time', 'close', ...FEATURE_COLUMNS]);
    });

    it('should report undefined features as null on a short history', async () => {
      const snapshot = await new IndicatorService(windowOf(SERIES.slice(0, 3))).latest({
        ...BTC_QUERY,
        limit: 200,
        tail: 5,
      });

      expect(snapshot.tail).toHaveLength(3);
      expect(snapshot.latest).toMatchObject({ vol24: null, sma48: null, rsi14: null });
    });

    it('should fail with INSUFFICIENT_DATA when there is no closed candle', async () => {
      await expect(
        new IndicatorService(windowOf([])).latest({ ...BTC_QUERY, limit: 200, tail: 5 }),
      ).rejects.toMatchObject({
        code: 'INSUFFICIENT_DATA',
      });
    });
  });
});
