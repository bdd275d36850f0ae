// Original file: ../../proto/crypto_service.proto

import type {
  MLVsHeuristic as _crypto_MLVsHeuristic,
  MLVsHeuristic__Output as _crypto_MLVsHeuristic__Output,
} from '../crypto/MLVsHeuristic';

export interface HeuristicComparison {
  heuristic_risk_score?: number | string;
  heuristic_vol_regime?: string;
  ml_vs_heuristic?: _crypto_MLVsHeuristic | null;
}

export interface HeuristicComparison__Output {
  heuristic_risk_score: number;
  heuristic_vol_regime: string;
  ml_vs_heuristic: _crypto_MLVsHeuristic__Output | null;
}
