// Original file: ../../proto/crypto_service.proto

import type {
  FeatureData as _crypto_FeatureData,
  FeatureData__Output as _crypto_FeatureData__Output,
} from '../crypto/FeatureData';

export interface SignalExplanation {
  nowcast_ret?: number | string;
  vol?: number | string;
  vol_regime?: string;
  risk_score?: number | string;
  features_tail?: _crypto_FeatureData[];
}

export interface SignalExplanation__Output {
  nowcast_ret: number;
  vol: number;
  vol_regime: string;
  risk_score: number;
  features_tail: _crypto_FeatureData__Output[];
}
