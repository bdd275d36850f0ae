// Original file: ../../proto/crypto_service.proto

export interface HealthCheckResponse {
  status?: string;
  ml_available?: boolean;
  timestamp?: string;
  version?: string;
}

export interface HealthCheckResponse__Output {
  status: string;
  ml_available: boolean;
  timestamp: string;
  version: string;
}
