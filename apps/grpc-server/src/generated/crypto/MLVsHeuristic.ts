// Original file: ../../proto/crypto_service.proto

export interface MLVsHeuristic {
  volatility_diff?: number | string;
  regime_match?: boolean;
}

export interface MLVsHeuristic__Output {
  volatility_diff: number;
  regime_match: boolean;
}
