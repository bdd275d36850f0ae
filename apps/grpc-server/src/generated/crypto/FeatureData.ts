// Original file: ../../proto/crypto_service.proto

export interface FeatureData {
  time?: string;
  close?: number | string;
  ret?: number | string;
  vol24?: number | string;
  sma12?: number | string;
  sma48?: number | string;
}

export interface FeatureData__Output {
  time: string;
  close: number;
  ret: number;
  vol24: number;
  sma12: number;
  sma48: number;
}
