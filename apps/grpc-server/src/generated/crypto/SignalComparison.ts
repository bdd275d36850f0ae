// Original file: ../../proto/crypto_service.proto

export interface SignalComparison {
  volatility_diff?: number | string;
  regime_agreement?: boolean;
  ml_confidence?: number | string;
}

export interface SignalComparison__Output {
  volatility_diff: number;
  regime_agreement: boolean;
  ml_confidence: number;
}
