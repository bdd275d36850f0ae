// Original file: ../../proto/crypto_service.proto

export interface HeuristicSignal {
  risk_score?: number | string;
  vol_regime?: string;
  volatility?: number | string;
}

export interface HeuristicSignal__Output {
  risk_score: number;
  vol_regime: string;
  volatility: number;
}
