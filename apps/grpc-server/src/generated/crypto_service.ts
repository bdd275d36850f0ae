import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  CompareSignalsRequest as _crypto_CompareSignalsRequest,
  CompareSignalsRequest__Output as _crypto_CompareSignalsRequest__Output,
} from './crypto/CompareSignalsRequest';
import type {
  CompareSignalsResponse as _crypto_CompareSignalsResponse,
  CompareSignalsResponse__Output as _crypto_CompareSignalsResponse__Output,
} from './crypto/CompareSignalsResponse';
import type {
  CryptoServiceClient as _crypto_CryptoServiceClient,
  CryptoServiceDefinition as _crypto_CryptoServiceDefinition,
} from './crypto/CryptoService';
import type {
  FeatureData as _crypto_FeatureData,
  FeatureData__Output as _crypto_FeatureData__Output,
} from './crypto/FeatureData';
import type {
  HealthCheckRequest as _crypto_HealthCheckRequest,
  HealthCheckRequest__Output as _crypto_HealthCheckRequest__Output,
} from './crypto/HealthCheckRequest';
import type {
  HealthCheckResponse as _crypto_HealthCheckResponse,
  HealthCheckResponse__Output as _crypto_HealthCheckResponse__Output,
} from './crypto/HealthCheckResponse';
import type {
  HeuristicComparison as _crypto_HeuristicComparison,
  HeuristicComparison__Output as _crypto_HeuristicComparison__Output,
} from './crypto/HeuristicComparison';
import type {
  HeuristicSignal as _crypto_HeuristicSignal,
  HeuristicSignal__Output as _crypto_HeuristicSignal__Output,
} from './crypto/HeuristicSignal';
import type {
  MLPrediction as _crypto_MLPrediction,
  MLPrediction__Output as _crypto_MLPrediction__Output,
} from './crypto/MLPrediction';
import type {
  MLPredictionRequest as _crypto_MLPredictionRequest,
  MLPredictionRequest__Output as _crypto_MLPredictionRequest__Output,
} from './crypto/MLPredictionRequest';
import type {
  MLPredictionResponse as _crypto_MLPredictionResponse,
  MLPredictionResponse__Output as _crypto_MLPredictionResponse__Output,
} from './crypto/MLPredictionResponse';
import type {
  MLSignal as _crypto_MLSignal,
  MLSignal__Output as _crypto_MLSignal__Output,
} from './crypto/MLSignal';
import type {
  MLVsHeuristic as _crypto_MLVsHeuristic,
  MLVsHeuristic__Output as _crypto_MLVsHeuristic__Output,
} from './crypto/MLVsHeuristic';
import type {
  OHLCVData as _crypto_OHLCVData,
  OHLCVData__Output as _crypto_OHLCVData__Output,
} from './crypto/OHLCVData';
import type {
  OHLCVRequest as _crypto_OHLCVRequest,
  OHLCVRequest__Output as _crypto_OHLCVRequest__Output,
} from './crypto/OHLCVRequest';
import type {
  OHLCVResponse as _crypto_OHLCVResponse,
  OHLCVResponse__Output as _crypto_OHLCVResponse__Output,
} from './crypto/OHLCVResponse';
import type {
  PriceUpdate as _crypto_PriceUpdate,
  PriceUpdate__Output as _crypto_PriceUpdate__Output,
} from './crypto/PriceUpdate';
import type {
  SignalComparison as _crypto_SignalComparison,
  SignalComparison__Output as _crypto_SignalComparison__Output,
} from './crypto/SignalComparison';
import type {
  SignalExplanation as _crypto_SignalExplanation,
  SignalExplanation__Output as _crypto_SignalExplanation__Output,
} from './crypto/SignalExplanation';
import type {
  SignalRequest as _crypto_SignalRequest,
  SignalRequest__Output as _crypto_SignalRequest__Output,
} from './crypto/SignalRequest';
import type {
  SignalResponse as _crypto_SignalResponse,
  SignalResponse__Output as _crypto_SignalResponse__Output,
} from './crypto/SignalResponse';
import type {
  StreamRequest as _crypto_StreamRequest,
  StreamRequest__Output as _crypto_StreamRequest__Output,
} from './crypto/StreamRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  crypto: {
    CompareSignalsRequest: MessageTypeDefinition<
      _crypto_CompareSignalsRequest,
      _crypto_CompareSignalsRequest__Output
    >;
    CompareSignalsResponse: MessageTypeDefinition<
      _crypto_CompareSignalsResponse,
      _crypto_CompareSignalsResponse__Output
    >;
    CryptoService: SubtypeConstructor<typeof grpc.Client, _crypto_CryptoServiceClient> & {
      service: _crypto_CryptoServiceDefinition;
    };
    FeatureData: MessageTypeDefinition<_crypto_FeatureData, _crypto_FeatureData__Output>;
    HealthCheckRequest: MessageTypeDefinition<_crypto_HealthCheckRequest, _crypto_HealthCheckRequest__Output>;
    HealthCheckResponse: MessageTypeDefinition<
      _crypto_HealthCheckResponse,
      _crypto_HealthCheckResponse__Output
    >;
    HeuristicComparison: MessageTypeDefinition<
      _crypto_HeuristicComparison,
      _crypto_HeuristicComparison__Output
    >;
    HeuristicSignal: MessageTypeDefinition<_crypto_HeuristicSignal, _crypto_HeuristicSignal__Output>;
    MLPrediction: MessageTypeDefinition<_crypto_MLPrediction, _crypto_MLPrediction__Output>;
    MLPredictionRequest: MessageTypeDefinition<
      _crypto_MLPredictionRequest,
      _crypto_MLPredictionRequest__Output
    >;
    MLPredictionResponse: MessageTypeDefinition<
      _crypto_MLPredictionResponse,
      _crypto_MLPredictionResponse__Output
    >;
    MLSignal: MessageTypeDefinition<_crypto_MLSignal, _crypto_MLSignal__Output>;
    MLVsHeuristic: MessageTypeDefinition<_crypto_MLVsHeuristic, _crypto_MLVsHeuristic__Output>;
    OHLCVData: MessageTypeDefinition<_crypto_OHLCVData, _crypto_OHLCVData__Output>;
    OHLCVRequest: MessageTypeDefinition<_crypto_OHLCVRequest, _crypto_OHLCVRequest__Output>;
    OHLCVResponse: MessageTypeDefinition<_crypto_OHLCVResponse, _crypto_OHLCVResponse__Output>;
    PriceUpdate: MessageTypeDefinition<_crypto_PriceUpdate, _crypto_PriceUpdate__Output>;
    SignalComparison: MessageTypeDefinition<_crypto_SignalComparison, _crypto_SignalComparison__Output>;
    SignalExplanation: MessageTypeDefinition<_crypto_SignalExplanation, _crypto_SignalExplanation__Output>;
    SignalRequest: MessageTypeDefinition<_crypto_SignalRequest, _crypto_SignalRequest__Output>;
    SignalResponse: MessageTypeDefinition<_crypto_SignalResponse, _crypto_SignalResponse__Output>;
    StreamRequest: MessageTypeDefinition<_crypto_StreamRequest, _crypto_StreamRequest__Output>;
  };
}
