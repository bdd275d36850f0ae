// Original file: ../../proto/crypto_service.proto

import type {
  OHLCVData as _crypto_OHLCVData,
  OHLCVData__Output as _crypto_OHLCVData__Output,
} from '../crypto/OHLCVData';

export interface OHLCVResponse {
  symbol?: string;
  exchange?: string;
  timeframe?: string;
  rows?: number;
  data?: _crypto_OHLCVData[];
  error?: string;
}

export interface OHLCVResponse__Output {
  symbol: string;
  exchange: string;
  timeframe: string;
  rows: number;
  data: _crypto_OHLCVData__Output[];
  error: string;
}
