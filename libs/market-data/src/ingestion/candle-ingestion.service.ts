import { Logger } from '@nestjs/common';
import { normalizeSymbol, readCandleCsv, timeframeToMs, type Candle, type MarketKey } from '@crypto/candles';
import type { CandleRepository, StoredCandle } from '@crypto/storage';
import { assertExchangeId } from '../exchange/ccxt-exchange.factory';
import type { ExchangeMarketData } from '../exchange/exchange-market-data';
import {
  isUnsoundCandle,
  validateCandleQuality,
  type QualityReport,
  type QualityTolerances,
} from '../quality/candle-quality';
import type { QualityReportRepository, StoredReportRef } from '../quality/quality-report.repository';

/** Gives the market data of an exchange by ccxt id (one client per exchange, reused). */
export interface ExchangeDirectory {
  get(exchangeId: string): ExchangeMarketData;
}

export interface IngestRequest {
  exchange: string;
  /** `BTCUSDT`, `btc/usdt`, `BTC/USDT` */
  symbol: string;
  timeframe: string;
  /** epoch ms: backfill from here */
  since?: number;
  /** the latest `limit` candles (or, with `since`, the first `limit` from there) */
  limit?: number;
}

export interface IngestResult {
  market: MarketKey;
  source: string;
  fetched: number;
  /** closed when ingested: stored as final */
  final: number;
  /** still open when ingested: stored as provisional, rewritten by a later ingestion */
  provisional: number;
  /** rows new in the database */
  inserted: number;
  /** provisional rows rewritten (values changed, or now final) */
  updated: number;
  /** rows already present as they are: re-ingestion is a no-op */
  unchanged: number;
  /** candles not stored because no market can print them (OHLC inconsistent, price ≤ 0, volume < 0) */
  rejected: number;
  /**
   * The load was refused because the quality verdict is FAIL: nothing was stored in the candles table, only
   * the report (which lists the failing checks and their candles).
   */
  refused: boolean;
  range: QualityReport['range'];
  quality: {
    pass: boolean;
    /** names of the checks that failed */
    failed: string[];
    /** where the report was stored; undefined when storing it failed (see `error`) */
    stored?: StoredReportRef;
    error?: string;
    report: QualityReport;
  };
}

/**
 * The candles as stored at `now` (SPEC §4): final when closed (`ts + timeframe <= now`), else provisional.
 */
export function toStoredCandles(candles: readonly Candle[], timeframe: string, now: number): StoredCandle[] {
  const stepMs = timeframeToMs(timeframe);
  return candles.map((c) => ({ ...c, isFinal: c.ts + stepMs <= now }));
}

/**
 * Fetches candles (exchange through ccxt, or a recorded CSV), stores them idempotently in PostgreSQL and a
 * data-quality report in MinIO (SPEC §4). A candle is final when it had closed at ingestion time
 * (`ts + timeframe <= now`); the candle still open is stored provisional (`is_final = false`) so the latest
 * price is visible, and is rewritten by the next ingestion until it closes. Readers get closed candles only
 * unless they ask otherwise.
 */
export class CandleIngestionService {
  private readonly logger = new Logger(CandleIngestionService.name);

  constructor(
    private readonly exchanges: ExchangeDirectory,
    private readonly candles: CandleRepository,
    private readonly reports: QualityReportRepository,
    private readonly options: { now?: () => number; tolerances?: Partial<QualityTolerances> } = {},
  ) {}

  /**
   * Without `since` or `limit`, continues after the latest final candle stored (the provisional one is
   * fetched again), or takes the latest 500 (the source's default) when the market is new.
   */
  async ingestFromExchange(request: IngestRequest): Promise<IngestResult> {
    const exchange = this.exchanges.get(request.exchange);
    const market = await exchange.resolveMarket(request.symbol, request.timeframe);
    let { since } = request;
    if (since === undefined && request.limit === undefined) {
      const lastFinal = await this.candles.lastFinalTs(market);
      if (lastFinal !== undefined) since = lastFinal + timeframeToMs(market.timeframe);
    }
    const fetched = await exchange.fetchCandles(market, { since, limit: request.limit });
    return this.ingest(market, fetched, `${market.exchange} REST`);
  }

  /**
   * Loads a recorded CSV (SPEC §4 format) as the candles of `market`. A file whose quality verdict is FAIL
   * is refused (nothing stored, the report is) unless `acceptQualityFail`; then its sound candles are stored
   * and the unsound ones left out (see {@link ingest}).
   */
  async ingestCsv(
    file: string,
    market: MarketKey,
    { acceptQualityFail = false }: { acceptQualityFail?: boolean } = {},
  ): Promise<IngestResult> {
    assertExchangeId(market.exchange);
    const key = {
      exchange: market.exchange,
      symbol: normalizeSymbol(market.symbol),
      timeframe: market.timeframe,
    };
    timeframeToMs(key.timeframe);
    // unordered rows and impossible candles are read: the quality report counts them instead of one error
    const candles = await readCandleCsv(file, { ascending: false, sound: false });
    return this.ingest(key, candles, file, { refuseQualityFail: !acceptQualityFail });
  }

  /**
   * Stores the sound candles and the quality report of all of them. Unsound candles (OHLC inconsistent,
   * price ≤ 0, volume < 0) are never stored: serving and training read that table. With `refuseQualityFail`
   * a FAIL verdict stores no candle at all, only the report.
   */
  async ingest(
    market: MarketKey,
    candles: readonly Candle[],
    source: string,
    { refuseQualityFail = false }: { refuseQualityFail?: boolean } = {},
  ): Promise<IngestResult> {
    const now = (this.options.now ?? Date.now)();
    const report = validateCandleQuality(candles, market.timeframe, {
      now,
      tolerances: this.options.tolerances,
    });
    const refused = refuseQualityFail && !report.pass;
    const sound = refused ? [] : candles.filter((c) => !isUnsoundCandle(c));
    const rows = toStoredCandles(sound, market.timeframe, now);
    const counts = await this.candles.upsert(market, rows);
    const final = rows.filter((r) => r.isFinal).length;
    const failed = Object.entries(report.checks)
      .filter(([, check]) => !check.pass)
      .map(([name]) => name);
    const result: IngestResult = {
      market,
      source,
      fetched: candles.length,
      final,
      provisional: rows.length - final,
      ...counts,
      rejected: refused ? 0 : candles.length - sound.length,
      refused,
      range: report.range,
      quality: { pass: report.pass, failed, report },
    };
    const verdict = report.pass ? 'pass' : `FAIL: ${failed.join(', ')}`;
    if (refused) {
      this.logger.warn(
        `Refused ${candles.length} ${market.timeframe} candles for ${market.symbol} on ${market.exchange} from ${source}: quality ${verdict}`,
      );
    } else {
      this.logger.log(
        `Stored ${counts.inserted} new ${market.timeframe} candles for ${market.symbol} on ${market.exchange} from ${source} ` +
          `(${counts.unchanged} already present, ${counts.updated} updated, ${result.provisional} provisional, ${result.rejected} unsound left out); quality ${verdict}`,
      );
    }
    try {
      result.quality.stored = await this.reports.save(market, report);
    } catch (error) {
      // the candles are stored; a missing report is reported, not a reason to fail the ingestion
      result.quality.error = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        `Quality report for ${market.symbol} ${market.timeframe} not stored: ${result.quality.error}`,
      );
    }
    return result;
  }
}
