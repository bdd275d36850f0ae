// Original file: ../../proto/crypto_service.proto

export interface MLSignal {
  predicted_volatility?: number | string;
  vol_regime?: string;
  confidence?: number | string;
  risk_level?: string;
}

export interface MLSignal__Output {
  predicted_volatility: number;
  vol_regime: string;
  confidence: number;
  risk_level: string;
}
