/** What every served row records first: when, for which market, from how many candles. */
export interface ServedRecord {
  /** when it was served: the time the answer states */
  createdAt: Date;
  /** ccxt unified, `BTC/USDT` */
  symbol: string;
  exchange: string;
  timeframe: string;
  /** candles requested for the computation */
  limit: number;
}

/** A heuristic signal as persisted (table `signals`): what `POST /v1/crypto/signal` answered, and when. */
export interface SignalRecord extends ServedRecord {
  horizonMin: number;
  riskScore: number;
  nowcastRet: number;
  vol: number;
  volRegime: string;
  method: string;
  /** open time of the last closed candle the signal was computed from, epoch ms */
  candleTs: number | null;
  /** the `explain` object when it was asked for */
  explain: unknown;
}

/** An ML volatility prediction as persisted (table `ml_predictions`). */
export interface MlPredictionRecord extends ServedRecord {
  modelVersion: string;
  prediction: number;
  currentVolatility: number | null;
  volatilityRegime: string;
  riskLevel: string;
  confidence: number;
  candleTs: number | null;
  /** the heuristic comparison answered with it, when asked for */
  heuristic: unknown;
}

export interface TailOptions {
  /** only this symbol (`BTC/USDT`) */
  symbol?: string;
}
