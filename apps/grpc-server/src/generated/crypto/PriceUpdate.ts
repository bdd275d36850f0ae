// Original file: ../../proto/crypto_service.proto

import type { Long } from '@grpc/proto-loader';

export interface PriceUpdate {
  symbol?: string;
  price?: number | string;
  change_24h?: number | string;
  volume_24h?: number | string;
  timestamp?: number | string | Long;
  volatility?: number | string;
  regime?: string;
}

export interface PriceUpdate__Output {
  symbol: string;
  price: number;
  change_24h: number;
  volume_24h: number;
  timestamp: number;
  volatility: number;
  regime: string;
}
