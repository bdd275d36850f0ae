// Original file: ../../proto/crypto_service.proto

export interface HealthCheckRequest {}

export interface HealthCheckRequest__Output {}
