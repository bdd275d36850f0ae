import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CandleFactory,
  formatCandleCsv,
  MarketDataError,
  normalizeSymbol,
  type Candle,
  type MarketKey,
} from '@crypto/candles';
import type { CandleRepository, StoredCandle, UpsertResult } from '@crypto/storage';
import type { CandleRequest, ExchangeMarketData, MarketTicker } from '../exchange/exchange-market-data';
import type { QualityReport } from '../quality/candle-quality';
import type { QualityReportRepository, StoredReportRef } from '../quality/quality-report.repository';
import { CandleIngestionService, type ExchangeDirectory } from './candle-ingestion.service';
import { withDuplicateOf, withPatch } from '../testing/candle-edits';

// In-process fakes of the service's own collaborators (STYLE §11); the real ones are covered by the
// integration spec against PostgreSQL, MinIO and the exchange emulator.
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const BTC_1H: MarketKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };

class FakeExchange implements ExchangeMarketData {
  readonly exchangeId = 'binance';
  readonly requests: CandleRequest[] = [];
  constructor(private readonly candles: Candle[]) {}
  async resolveMarket(symbol: string, timeframe: string): Promise<MarketKey> {
    return { exchange: this.exchangeId, symbol: normalizeSymbol(symbol), timeframe };
  }
  async fetchCandles(_market: MarketKey, request: CandleRequest): Promise<Candle[]> {
    this.requests.push(request);
    return this.candles.filter((c) => request.since === undefined || c.ts >= request.since);
  }
  async fetchTicker(): Promise<MarketTicker> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}

class FakeCandleRepository {
  readonly rows = new Map<number, StoredCandle>();
  async upsert(_market: MarketKey, candles: StoredCandle[]): Promise<UpsertResult> {
    const result = { inserted: 0, updated: 0, unchanged: 0 };
    for (const c of candles) {
      const stored = this.rows.get(c.ts);
      if (!stored) result.inserted++;
      else if (!stored.isFinal && JSON.stringify(stored) !== JSON.stringify(c)) result.updated++;
      else {
        result.unchanged++;
        continue;
      }
      this.rows.set(c.ts, c);
    }
    return result;
  }
  async lastFinalTs(): Promise<number | undefined> {
    const finals = [...this.rows.values()].filter((r) => r.isFinal).map((r) => r.ts);
    return finals.length ? Math.max(...finals) : undefined;
  }
}

class FakeReportRepository {
  readonly saved: Array<{ market: MarketKey; report: QualityReport }> = [];
  failure?: Error;
  async save(market: MarketKey, report: QualityReport): Promise<StoredReportRef> {
    if (this.failure) throw this.failure;
    this.saved.push({ market, report });
    return { bucket: 'quality-reports', key: `${market.exchange}/${report.generated_at}.json` };
  }
}

function setup(candles: Candle[], now = T0 + 10 * HOUR + HOUR / 2) {
  const exchange = new FakeExchange(candles);
  const repository = new FakeCandleRepository();
  const reports = new FakeReportRepository();
  const directory: ExchangeDirectory = { get: () => exchange };
  const sut = new CandleIngestionService(
    directory,
    repository as unknown as CandleRepository,
    reports as unknown as QualityReportRepository,
    {
      now: () => now,
    },
  );
  return { sut, exchange, repository, reports };
}

const request = { exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' };

describe(CandleIngestionService.name, () => {
  describe('ingestFromExchange', () => {
    it('should store closed candles as final and the open one as provisional', async () => {
      const { sut, repository } = setup(CandleFactory.series({ count: 11, startTs: T0 }).build());

      const result = await sut.ingestFromExchange({ ...request, limit: 11 });

      expect(result).toMatchObject({
        market: BTC_1H,
        fetched: 11,
        final: 10,
        provisional: 1,
        inserted: 11,
        updated: 0,
        unchanged: 0,
      });
      expect(repository.rows.get(T0 + 10 * HOUR)?.isFinal).toBe(false);
      expect(repository.rows.get(T0 + 9 * HOUR)?.isFinal).toBe(true);
    });

    it('should report a second identical ingestion as already present', async () => {
      const { sut } = setup(CandleFactory.series({ count: 10, startTs: T0 }).build());
      await sut.ingestFromExchange({ ...request, limit: 10 });

      await expect(sut.ingestFromExchange({ ...request, limit: 10 })).resolves.toMatchObject({
        inserted: 0,
        updated: 0,
        unchanged: 10,
      });
    });

    it('should continue after the last final candle when neither since nor limit is given', async () => {
      const { sut, exchange } = setup(CandleFactory.series({ count: 11, startTs: T0 }).build());
      await sut.ingestFromExchange({ ...request, limit: 11 });

      const result = await sut.ingestFromExchange(request);

      expect(exchange.requests.at(-1)).toEqual({ since: T0 + 10 * HOUR, limit: undefined });
      expect(result).toMatchObject({ fetched: 1, provisional: 1, unchanged: 1 });
    });

    it('should take the latest candles for a market not stored yet', async () => {
      const { sut, exchange } = setup(CandleFactory.series({ count: 3, startTs: T0 }).build());

      await sut.ingestFromExchange(request);

      expect(exchange.requests).toEqual([{ since: undefined, limit: undefined }]);
    });

    it('should pass an explicit since through', async () => {
      const { sut, exchange } = setup(CandleFactory.series({ count: 5, startTs: T0 }).build());

      await sut.ingestFromExchange({ ...request, since: T0 + 2 * HOUR });

      expect(exchange.requests).toEqual([{ since: T0 + 2 * HOUR, limit: undefined }]);
    });
  });

  describe('ingest', () => {
    it('should store the quality report of the candles and give its verdict', async () => {
      const candles = withPatch(CandleFactory.series({ count: 10, startTs: T0 }).build(), 3, { volume: -1 });
      const { sut, reports, repository } = setup(candles);

      const result = await sut.ingest(BTC_1H, candles, 'test');

      expect(result).toMatchObject({ fetched: 10, inserted: 9, rejected: 1, refused: false });
      expect(repository.rows.has(candles[3]!.ts)).toBe(false);
      expect(result.quality).toMatchObject({
        pass: false,
        failed: ['negative_volume'],
        stored: { bucket: 'quality-reports' },
      });
      expect(reports.saved).toHaveLength(1);
      expect(reports.saved[0]!.report).toMatchObject({
        candles: 10,
        generated_at: new Date(T0 + 10.5 * HOUR).toISOString(),
      });
      expect(result.range).toMatchObject({ from_ts: T0, to_ts: T0 + 9 * HOUR });
    });

    it('should keep the stored candles and say why when the report cannot be stored', async () => {
      const candles = CandleFactory.series({ count: 4, startTs: T0 }).build();
      const { sut, reports, repository } = setup(candles);
      reports.failure = new Error('MinIO put quality-reports/x failed: connect ECONNREFUSED');

      const result = await sut.ingest(BTC_1H, candles, 'test');

      expect(result.quality.stored).toBeUndefined();
      expect(result.quality.error).toContain('ECONNREFUSED');
      expect(repository.rows.size).toBe(4);
    });
  });

  describe('ingestCsv', () => {
    it('should load a recorded file under the given market, duplicates reported', async () => {
      const candles = withDuplicateOf(CandleFactory.series({ count: 6, startTs: T0 }).build(), 2);
      const file = join(await mkdtemp(join(tmpdir(), 'ingest-')), 'candles.csv');
      await writeFile(file, formatCandleCsv(candles));
      const { sut, repository } = setup([]);

      const result = await sut.ingestCsv(
        file,
        { exchange: 'binance', symbol: 'btc/usdt', timeframe: '1h' },
        { acceptQualityFail: true },
      );

      expect(result).toMatchObject({ market: BTC_1H, source: file, fetched: 7, inserted: 6, final: 7 });
      expect(result.quality.failed).toEqual(['duplicates']);
      expect(repository.rows.size).toBe(6);
    });

    const badFile = async (): Promise<string> => {
      const candles = withPatch(
        withPatch(CandleFactory.series({ count: 6, startTs: T0 }).build(), 2, { open: -5 }),
        4,
        { high: 1 },
      );
      const file = join(await mkdtemp(join(tmpdir(), 'ingest-')), 'bad.csv');
      await writeFile(file, formatCandleCsv(candles));
      return file;
    };

    it('should store no candle but the report when the quality verdict is FAIL', async () => {
      const file = await badFile();
      const { sut, repository, reports } = setup([]);

      const result = await sut.ingestCsv(file, BTC_1H);

      expect(result).toMatchObject({ fetched: 6, inserted: 0, rejected: 0, refused: true });
      expect(result.quality.failed).toEqual(['ohlc_consistency', 'non_positive_prices']);
      expect(repository.rows.size).toBe(0);
      expect(reports.saved).toHaveLength(1);
    });

    it('should store only the sound candles of a failing file when the failure is accepted', async () => {
      const file = await badFile();
      const { sut, repository } = setup([]);

      const result = await sut.ingestCsv(file, BTC_1H, { acceptQualityFail: true });

      expect(result).toMatchObject({ fetched: 6, inserted: 4, rejected: 2, refused: false });
      expect([...repository.rows.keys()]).toEqual([T0, T0 + HOUR, T0 + 3 * HOUR, T0 + 5 * HOUR]);
    });

    it('should refuse an empty file naming it', async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'ingest-')), 'empty.csv');
      await writeFile(file, '');
      const { sut, repository } = setup([]);

      await expect(sut.ingestCsv(file, BTC_1H)).rejects.toThrow(`${file} is empty`);
      expect(repository.rows.size).toBe(0);
    });

    it.each([
      [{ exchange: 'nowhere', symbol: 'BTCUSDT', timeframe: '1h' }, 'UNKNOWN_EXCHANGE'],
      [{ exchange: 'binance', symbol: 'BTC', timeframe: '1h' }, 'INVALID_SYMBOL'],
      [{ exchange: 'binance', symbol: 'BTCUSDT', timeframe: 'hourly' }, 'INVALID_TIMEFRAME'],
    ])('should reject the market %o with %s', async (market, code) => {
      const { sut } = setup([]);

      const error = await sut.ingestCsv('/does/not/matter.csv', market).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(MarketDataError);
      expect(error).toMatchObject({ code });
    });
  });
});
