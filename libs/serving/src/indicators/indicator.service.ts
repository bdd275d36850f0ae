import type { MarketKey } from '@crypto/candles';
import { FEATURE_COLUMNS, FeatureState } from '@crypto/features';
import type { MarketCandleService, MarketQuery } from '../market/market-candle.service';

export type IndicatorName = (typeof FEATURE_COLUMNS)[number];

/** The SPEC §5 features of one closed candle: its open time (epoch ms and ISO-8601), close, and each feature. */
export type IndicatorRow = { ts: number; time: string; close: number } & {
  [K in IndicatorName]: number | null;
};

export interface IndicatorQuery extends MarketQuery {
  /** closed candles the features are computed over (the windows warm up on the first ones) */
  limit: number;
  /** rows of recent history answered with the latest */
  tail: number;
}

export interface IndicatorSnapshot {
  market: MarketKey;
  limit: number;
  /** candles actually used (fewer than `limit` when the exchange has less history) */
  candles: number;
  /** the features of the last closed candle */
  latest: IndicatorRow;
  /** the last `tail` rows, oldest first, ending with `latest` */
  tail: IndicatorRow[];
  stale_ms?: number;
}

/** SPEC §8 `GET /v1/crypto/indicators`: the latest §5 feature values of a market and their recent tail. */
export class IndicatorService {
  constructor(private readonly candles: Pick<MarketCandleService, 'latest'>) {}

  /** Throws `MarketDataError('INSUFFICIENT_DATA')` when the market has no closed candle. */
  async latest(query: IndicatorQuery): Promise<IndicatorSnapshot> {
    const window = await this.candles.latest(query, query.limit);
    const state = new FeatureState();
    const tailFrom = Math.max(0, window.candles.length - query.tail);
    window.candles.slice(0, tailFrom).forEach((candle) => state.push(candle));
    const tail = window.candles.slice(tailFrom).map((candle): IndicatorRow => {
      const row = state.update(candle);
      const values = Object.fromEntries(FEATURE_COLUMNS.map((name) => [name, row[name]]));
      return {
        ts: candle.ts,
        time: new Date(candle.ts).toISOString(),
        close: candle.close,
        ...values,
      } as IndicatorRow;
    });
    // snapshotInto throws INSUFFICIENT_DATA for an empty state: the same answer as the heuristic's
    if (tail.length === 0) state.snapshot();
    const snapshot: IndicatorSnapshot = {
      market: window.market,
      limit: query.limit,
      candles: window.candles.length,
      latest: tail.at(-1)!,
      tail,
    };
    if (window.staleMs !== undefined) snapshot.stale_ms = window.staleMs;
    return snapshot;
  }
}
