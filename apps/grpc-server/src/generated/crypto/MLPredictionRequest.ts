// Original file: ../../proto/crypto_service.proto

export interface MLPredictionRequest {
  symbol?: string;
  exchange?: string;
  timeframe?: string;
  limit?: number;
  include_heuristic?: boolean;
}

export interface MLPredictionRequest__Output {
  symbol: string;
  exchange: string;
  timeframe: string;
  limit: number;
  include_heuristic: boolean;
}
