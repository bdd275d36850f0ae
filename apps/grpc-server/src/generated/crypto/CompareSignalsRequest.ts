// Original file: ../../proto/crypto_service.proto

export interface CompareSignalsRequest {
  symbol?: string;
  exchange?: string;
  timeframe?: string;
  limit?: number;
}

export interface CompareSignalsRequest__Output {
  symbol: string;
  exchange: string;
  timeframe: string;
  limit: number;
}
