import type { MarketKey } from '@crypto/candles';
import { explainSignal, type ExplainedSignal, type HeuristicSignal } from '@crypto/signals';
import type { SignalRecord, SignalRepository, TailOptions } from '@crypto/storage';
import { CandleWindowMemo } from '../market/candle-window.memo';
import type { CandleWindow, MarketCandleService, MarketQuery } from '../market/market-candle.service';
import { NO_SERVING_METRICS, type ServingMetrics } from '../serving-metrics';

/** the longest horizon a caller may state, minutes (a week) */
export const MAX_HORIZON_MIN = 10_080;

/** What a use case asks of its caller before persisting: an `AbortSignal` fits. */
export type CallSignal = Pick<AbortSignal, 'throwIfAborted'>;

/** How a caller can stop a use case it no longer waits for. */
export interface ServingCallOptions {
  /**
   * checked before anything is persisted: throws once the caller has given up (a gRPC deadline, a cancelled
   * call). An `AbortSignal` fits; the gRPC server passes a lighter object reading the call's `cancelled` flag.
   */
  signal?: CallSignal;
}

export interface SignalQuery extends MarketQuery {
  /** closed candles the signal is computed from */
  limit: number;
  /** horizon the caller states, minutes (recorded with the signal; the heuristic does not use it) */
  horizonMin: number;
  /** answer the features the signal came from */
  explain: boolean;
}

/** A heuristic signal as served (SPEC §5, §8), persisted before it is returned. */
export interface ServedSignal extends HeuristicSignal {
  market: MarketKey;
  limit: number;
  horizon_min: number;
  method: 'heuristic';
  /** when it was served and stored, ISO-8601 */
  timestamp: string;
  /** open time of the last closed candle it was computed from, epoch ms */
  candle_ts: number;
  /** the SPEC `explain` object when asked for, else null */
  explain: ExplainedSignal | null;
  /** set when the candles were an older copy served during an exchange failure: its age, ms */
  stale_ms?: number;
}

/**
 * The SPEC §5 heuristic signal of a market's latest closed candles, each call persisted (table `signals`)
 * before it is answered. The computation is memoised per window: until the next candle closes, the same
 * candles give the same signal.
 */
export class HeuristicSignalService {
  private readonly memo = new CandleWindowMemo<ExplainedSignal>();
  private readonly metrics: ServingMetrics;
  private readonly now: () => number;

  constructor(
    private readonly candles: Pick<MarketCandleService, 'latest'>,
    private readonly signals: Pick<SignalRepository, 'save' | 'tail'>,
    options: { metrics?: ServingMetrics; now?: () => number } = {},
  ) {
    this.metrics = options.metrics ?? NO_SERVING_METRICS;
    this.now = options.now ?? Date.now;
  }

  async generate(query: SignalQuery, options: ServingCallOptions = {}): Promise<ServedSignal> {
    const window = await this.candles.latest(query, query.limit);
    // the caller gave up while the candles were fetched: no row for an answer nobody receives
    options.signal?.throwIfAborted();
    const explained = this.evaluate(window);
    const createdAt = new Date(this.now());
    const { features_tail: _, ...signal } = explained;
    const candleTs = window.candles.at(-1)!.ts;
    await this.signals.save({
      createdAt,
      symbol: window.market.symbol,
      exchange: window.market.exchange,
      timeframe: window.market.timeframe,
      limit: query.limit,
      horizonMin: query.horizonMin,
      riskScore: signal.risk_score,
      nowcastRet: signal.nowcast_ret,
      vol: signal.vol,
      volRegime: signal.vol_regime,
      method: 'heuristic',
      candleTs,
      explain: query.explain ? explained : null,
    });
    this.metrics.signalServed();
    const served: ServedSignal = {
      market: window.market,
      limit: query.limit,
      horizon_min: query.horizonMin,
      ...signal,
      method: 'heuristic',
      timestamp: createdAt.toISOString(),
      candle_ts: candleTs,
      explain: query.explain ? explained : null,
    };
    if (window.staleMs !== undefined) served.stale_ms = window.staleMs;
    return served;
  }

  /**
   * The heuristic of a window with its features tail, without persisting (the ML comparison uses it).
   * Throws `MarketDataError('INSUFFICIENT_DATA')` for a window without candles.
   */
  evaluate(window: CandleWindow): ExplainedSignal {
    return this.memo.get(window, explainSignal);
  }

  /** The latest `n` signals persisted, oldest first. */
  tail(n: number, options: TailOptions = {}): Promise<SignalRecord[]> {
    return this.signals.tail(n, options);
  }
}
