// Original file: ../../proto/crypto_service.proto

import type {
  SignalExplanation as _crypto_SignalExplanation,
  SignalExplanation__Output as _crypto_SignalExplanation__Output,
} from '../crypto/SignalExplanation';

export interface SignalResponse {
  symbol?: string;
  horizon_min?: number;
  risk_score?: number | string;
  nowcast_ret?: number | string;
  vol_regime?: string;
  timestamp?: string;
  method?: string;
  explanation?: _crypto_SignalExplanation | null;
  error?: string;
}

export interface SignalResponse__Output {
  symbol: string;
  horizon_min: number;
  risk_score: number;
  nowcast_ret: number;
  vol_regime: string;
  timestamp: string;
  method: string;
  explanation: _crypto_SignalExplanation__Output | null;
  error: string;
}
