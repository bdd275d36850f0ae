// Original file: ../../proto/crypto_service.proto

import type {
  HeuristicSignal as _crypto_HeuristicSignal,
  HeuristicSignal__Output as _crypto_HeuristicSignal__Output,
} from '../crypto/HeuristicSignal';
import type {
  MLSignal as _crypto_MLSignal,
  MLSignal__Output as _crypto_MLSignal__Output,
} from '../crypto/MLSignal';
import type {
  SignalComparison as _crypto_SignalComparison,
  SignalComparison__Output as _crypto_SignalComparison__Output,
} from '../crypto/SignalComparison';

export interface CompareSignalsResponse {
  symbol?: string;
  timestamp?: string;
  heuristic?: _crypto_HeuristicSignal | null;
  ml?: _crypto_MLSignal | null;
  comparison?: _crypto_SignalComparison | null;
  error?: string;
}

export interface CompareSignalsResponse__Output {
  symbol: string;
  timestamp: string;
  heuristic: _crypto_HeuristicSignal__Output | null;
  ml: _crypto_MLSignal__Output | null;
  comparison: _crypto_SignalComparison__Output | null;
  error: string;
}
