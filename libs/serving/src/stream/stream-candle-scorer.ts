import type { Candle, MarketKey } from '@crypto/candles';
import type { VolatilityForecast } from '@crypto/model';
import { detectAlerts, heuristicSignal, type MarketAlert } from '@crypto/signals';
import type { CandleRepository } from '@crypto/storage';
import type { ChampionModelSource } from '../ml/champion-model-source';
import { MarketStreamState } from './market-stream-state';

/** A closed candle as the stream carries it. */
export interface StreamCandle extends Candle {
  symbol: string;
  timeframe: string;
}

/** SPEC §8 `predictions`: one per (symbol, timeframe, ts); `id` is `symbol|timeframe|ts`. */
export interface PredictionMessage {
  id: string;
  symbol: string;
  timeframe: string;
  ts: number;
  heuristic: { risk_score: number; vol_regime: string; nowcast_ret: number; vol24: number | null };
  ml: {
    prediction: number;
    current_volatility: number;
    volatility_regime: string;
    risk_level: string;
    confidence: number;
    model_version: string;
  } | null;
  produced_at: number;
}

export interface ScoredCandles {
  predictions: PredictionMessage[];
  alerts: MarketAlert[];
  /** candles not after the market's last one (late or repeated): counted, not scored */
  skipped: number;
  /** the model version that scored the batch, null without a champion */
  modelVersion: string | null;
}

export interface StreamScorerOptions {
  /** the exchange the stream's markets are stored under */
  exchange: string;
  /** closed candles kept per market and read from the store to warm a market up (≥ the model's window) */
  historyCandles?: number;
  now?: () => number;
}

/** The SPEC §8 prediction `id` of a market's candle: `symbol|timeframe|ts`. */
export const predictionId = (symbol: string, timeframe: string, ts: number): string =>
  `${symbol}|${timeframe}|${ts}`;
const marketName = ({ symbol, timeframe }: { symbol: string; timeframe: string }) => `${symbol}@${timeframe}`;

/**
 * The stream consumer's use case: closed candles in, per candle its heuristic signal and — while a champion
 * is loaded — its ML forecast, with the alerts it raises. A market is warmed up from the stored candles
 * before the first one it gets; a candle that leaves a gap after the market's last one re-warms it (another
 * replica had the partition meanwhile), one that is not after it is skipped. The candles of one call go
 * through the model in one batch ({@link VolatilityModel.predictLatest}); each forecast equals what
 * `MlSignalService` gives for the same window.
 */
export class StreamCandleScorer {
  private readonly states = new Map<string, MarketStreamState>();
  private readonly historyCandles: number;
  private readonly now: () => number;

  constructor(
    private readonly candles: Pick<CandleRepository, 'latest'>,
    private readonly models: ChampionModelSource,
    private readonly options: StreamScorerOptions,
  ) {
    this.historyCandles = options.historyCandles ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** Markets whose state is kept. */
  get marketCount(): number {
    return this.states.size;
  }

  /** Forgets the markets' states (outputs of their last batch were not delivered: they are redone). */
  forget(candles: readonly StreamCandle[]): void {
    for (const candle of candles) this.states.delete(marketName(candle));
  }

  async score(batch: readonly StreamCandle[]): Promise<ScoredCandles> {
    const producedAt = this.now();
    const byMarket = new Map<string, StreamCandle[]>();
    for (const candle of batch) {
      const name = marketName(candle);
      let list = byMarket.get(name);
      if (!list) byMarket.set(name, (list = []));
      list.push(candle);
    }
    const predictions: PredictionMessage[] = [];
    const alerts: MarketAlert[] = [];
    const taken: { state: MarketStreamState; predictions: PredictionMessage[] }[] = [];
    let skipped = 0;
    for (const [name, list] of byMarket) {
      list.sort((a, b) => a.ts - b.ts);
      let state = this.states.get(name);
      const own: PredictionMessage[] = [];
      for (const candle of list) {
        if (state && candle.ts <= state.lastTs) {
          skipped++;
          continue;
        }
        if (!state || !state.follows(candle.ts)) {
          state = await this.warm(candle);
          this.states.set(name, state);
        }
        const { row, previous, current } = state.take(candle);
        const signal = heuristicSignal(row);
        own.push({
          id: predictionId(candle.symbol, candle.timeframe, candle.ts),
          symbol: candle.symbol,
          timeframe: candle.timeframe,
          ts: candle.ts,
          heuristic: {
            risk_score: signal.risk_score,
            vol_regime: signal.vol_regime,
            nowcast_ret: signal.nowcast_ret,
            vol24: row.vol24,
          },
          ml: null,
          produced_at: producedAt,
        });
        alerts.push(...detectAlerts(candle, previous, current, producedAt));
      }
      if (state && own.length > 0) taken.push({ state, predictions: own });
      predictions.push(...own);
    }
    const modelVersion = this.forecast(taken);
    for (const { state } of taken) state.trim();
    return { predictions, alerts, skipped, modelVersion };
  }

  /** Fills in the ML part of the predictions in one batch through the champion; its version, or null. */
  private forecast(taken: { state: MarketStreamState; predictions: PredictionMessage[] }[]): string | null {
    const lease = this.models.acquire();
    if (!lease) return null;
    try {
      if (taken.length === 0) return lease.info.model_version;
      const forecasts = lease.model.predictLatest(
        taken.map(({ state, predictions }) => ({ candles: state.candles, count: predictions.length })),
      );
      taken.forEach(({ predictions }, i) => {
        // a market with too short a history gets forecasts for its latest candles only
        const byTs = new Map<number, VolatilityForecast>(forecasts[i]!.map((f) => [f.candle_ts, f]));
        for (const prediction of predictions) {
          const forecast = byTs.get(prediction.ts);
          if (forecast) {
            prediction.ml = {
              prediction: forecast.prediction,
              current_volatility: forecast.current_volatility,
              volatility_regime: forecast.volatility_regime,
              risk_level: forecast.risk_level,
              confidence: forecast.confidence,
              model_version: lease.info.model_version,
            };
          }
        }
      });
      return lease.info.model_version;
    } finally {
      lease.release();
    }
  }

  private async warm(candle: StreamCandle): Promise<MarketStreamState> {
    const market: MarketKey = {
      exchange: this.options.exchange,
      symbol: candle.symbol,
      timeframe: candle.timeframe,
    };
    const state = new MarketStreamState(market, this.historyCandles);
    const stored = await this.candles.latest(market, this.historyCandles, { before: candle.ts });
    for (const past of stored) state.take(past);
    return state;
  }
}
