import { Logger } from '@nestjs/common';
import { plainCandle, readCandleCsv, type Candle } from '@crypto/candles';
import type { CandleRepository } from '@crypto/storage';
import type { ResolvedTrainingRequest } from '../training.request';

/** Where the extract step gets its candles from. */
export interface CandleProvider {
  load(request: ResolvedTrainingRequest): Promise<{ candles: Candle[]; source: string }>;
}

/** Fetches the latest candles of a market from its exchange into the database (CandleIngestionService). */
export interface CandleRefresher {
  ingestFromExchange(request: { exchange: string; symbol: string; timeframe: string }): Promise<{
    inserted: number;
    updated: number;
  }>;
}

// every stored candle is about 6 years of 1h candles; a cap keeps a mistaken 1m market bounded
const DEFAULT_MAX_CANDLES = 60_000;

/**
 * Closed candles from PostgreSQL, optionally brought up to date from the exchange first. When the
 * exchange fails, the stored candles are used and the failure is logged: a stale hour does not stop a run.
 */
export class StoredCandleProvider implements CandleProvider {
  private readonly logger = new Logger(StoredCandleProvider.name);

  constructor(
    private readonly candles: Pick<CandleRepository, 'latest'>,
    private readonly refresher?: CandleRefresher,
    private readonly maxCandles = DEFAULT_MAX_CANDLES,
  ) {}

  async load(request: ResolvedTrainingRequest): Promise<{ candles: Candle[]; source: string }> {
    const market = { exchange: request.exchange, symbol: request.symbol, timeframe: request.timeframe };
    let source = 'database';
    if (this.refresher) {
      try {
        const { inserted, updated } = await this.refresher.ingestFromExchange(market);
        source = `database, refreshed from ${market.exchange} (${inserted} new, ${updated} updated)`;
      } catch (error) {
        this.logger.warn(
          `Could not refresh ${market.symbol} ${market.timeframe} from ${market.exchange}, training on stored candles: ${(error as Error).message}`,
        );
        source = `database (refresh from ${market.exchange} failed)`;
      }
    }
    const stored = await this.candles.latest(market, request.limit ?? this.maxCandles);
    return {
      candles: stored.map(plainCandle),
      source,
    };
  }
}

/** A recorded candle CSV (`request.input`), else the fallback provider. */
export class CsvOrStoredCandleProvider implements CandleProvider {
  constructor(private readonly stored?: CandleProvider) {}

  async load(request: ResolvedTrainingRequest): Promise<{ candles: Candle[]; source: string }> {
    if (request.input) {
      const all = await readCandleCsv(request.input);
      return { candles: request.limit ? all.slice(-request.limit) : all, source: request.input };
    }
    if (!this.stored) throw new Error('no candle source: give a CSV file or a database');
    return this.stored.load(request);
  }
}
