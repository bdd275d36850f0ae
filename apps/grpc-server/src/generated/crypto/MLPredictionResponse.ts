// Original file: ../../proto/crypto_service.proto

import type {
  MLPrediction as _crypto_MLPrediction,
  MLPrediction__Output as _crypto_MLPrediction__Output,
} from '../crypto/MLPrediction';
import type {
  HeuristicComparison as _crypto_HeuristicComparison,
  HeuristicComparison__Output as _crypto_HeuristicComparison__Output,
} from '../crypto/HeuristicComparison';

export interface MLPredictionResponse {
  symbol?: string;
  timestamp?: string;
  method?: string;
  model_version?: string;
  ml_prediction?: _crypto_MLPrediction | null;
  heuristic_comparison?: _crypto_HeuristicComparison | null;
  error?: string;
}

export interface MLPredictionResponse__Output {
  symbol: string;
  timestamp: string;
  method: string;
  model_version: string;
  ml_prediction: _crypto_MLPrediction__Output | null;
  heuristic_comparison: _crypto_HeuristicComparison__Output | null;
  error: string;
}
