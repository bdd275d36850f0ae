// Original file: ../../proto/crypto_service.proto

export interface StreamRequest {
  symbols?: string[];
  update_interval_ms?: number;
}

export interface StreamRequest__Output {
  symbols: string[];
  update_interval_ms: number;
}
