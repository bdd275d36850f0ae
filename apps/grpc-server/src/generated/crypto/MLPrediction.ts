// Original file: ../../proto/crypto_service.proto

export interface MLPrediction {
  prediction?: number | string;
  current_volatility?: number | string;
  volatility_regime?: string;
  risk_level?: string;
  confidence?: number | string;
  prediction_timestamp?: string;
  error?: string;
}

export interface MLPrediction__Output {
  prediction: number;
  current_volatility: number;
  volatility_regime: string;
  risk_level: string;
  confidence: number;
  prediction_timestamp: string;
  error: string;
}
