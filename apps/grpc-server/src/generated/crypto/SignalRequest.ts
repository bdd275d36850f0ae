// Original file: ../../proto/crypto_service.proto

export interface SignalRequest {
  symbol?: string;
  horizon_min?: number;
  explain?: boolean;
  exchange?: string;
  timeframe?: string;
  limit?: number;
}

export interface SignalRequest__Output {
  symbol: string;
  horizon_min: number;
  explain: boolean;
  exchange: string;
  timeframe: string;
  limit: number;
}
