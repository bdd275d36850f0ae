// Original file: ../../proto/crypto_service.proto

import type { Long } from '@grpc/proto-loader';

export interface OHLCVData {
  timestamp?: number | string | Long;
  open?: number | string;
  high?: number | string;
  low?: number | string;
  close?: number | string;
  volume?: number | string;
}

export interface OHLCVData__Output {
  timestamp: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}
