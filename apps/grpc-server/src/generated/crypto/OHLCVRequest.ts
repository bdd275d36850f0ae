// Original file: ../../proto/crypto_service.proto

export interface OHLCVRequest {
  symbol?: string;
  exchange?: string;
  timeframe?: string;
  limit?: number;
}

export interface OHLCVRequest__Output {
  symbol: string;
  exchange: string;
  timeframe: string;
  limit: number;
}
