// Original file: ../../proto/crypto_service.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  CompareSignalsRequest as _crypto_CompareSignalsRequest,
  CompareSignalsRequest__Output as _crypto_CompareSignalsRequest__Output,
} from '../crypto/CompareSignalsRequest';
import type {
  CompareSignalsResponse as _crypto_CompareSignalsResponse,
  CompareSignalsResponse__Output as _crypto_CompareSignalsResponse__Output,
} from '../crypto/CompareSignalsResponse';
import type {
  HealthCheckRequest as _crypto_HealthCheckRequest,
  HealthCheckRequest__Output as _crypto_HealthCheckRequest__Output,
} from '../crypto/HealthCheckRequest';
import type {
  HealthCheckResponse as _crypto_HealthCheckResponse,
  HealthCheckResponse__Output as _crypto_HealthCheckResponse__Output,
} from '../crypto/HealthCheckResponse';
import type {
  MLPredictionRequest as _crypto_MLPredictionRequest,
  MLPredictionRequest__Output as _crypto_MLPredictionRequest__Output,
} from '../crypto/MLPredictionRequest';
import type {
  MLPredictionResponse as _crypto_MLPredictionResponse,
  MLPredictionResponse__Output as _crypto_MLPredictionResponse__Output,
} from '../crypto/MLPredictionResponse';
import type {
  OHLCVRequest as _crypto_OHLCVRequest,
  OHLCVRequest__Output as _crypto_OHLCVRequest__Output,
} from '../crypto/OHLCVRequest';
import type {
  OHLCVResponse as _crypto_OHLCVResponse,
  OHLCVResponse__Output as _crypto_OHLCVResponse__Output,
} from '../crypto/OHLCVResponse';
import type {
  PriceUpdate as _crypto_PriceUpdate,
  PriceUpdate__Output as _crypto_PriceUpdate__Output,
} from '../crypto/PriceUpdate';
import type {
  SignalRequest as _crypto_SignalRequest,
  SignalRequest__Output as _crypto_SignalRequest__Output,
} from '../crypto/SignalRequest';
import type {
  SignalResponse as _crypto_SignalResponse,
  SignalResponse__Output as _crypto_SignalResponse__Output,
} from '../crypto/SignalResponse';
import type {
  StreamRequest as _crypto_StreamRequest,
  StreamRequest__Output as _crypto_StreamRequest__Output,
} from '../crypto/StreamRequest';

export interface CryptoServiceClient extends grpc.Client {
  CompareSignals(
    argument: _crypto_CompareSignalsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_CompareSignalsResponse__Output>,
  ): grpc.ClientUnaryCall;
  CompareSignals(
    argument: _crypto_CompareSignalsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_CompareSignalsResponse__Output>,
  ): grpc.ClientUnaryCall;
  CompareSignals(
    argument: _crypto_CompareSignalsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_CompareSignalsResponse__Output>,
  ): grpc.ClientUnaryCall;
  CompareSignals(
    argument: _crypto_CompareSignalsRequest,
    callback: grpc.requestCallback<_crypto_CompareSignalsResponse__Output>,
  ): grpc.ClientUnaryCall;
  compareSignals(
    argument: _crypto_CompareSignalsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_CompareSignalsResponse__Output>,
  ): grpc.ClientUnaryCall;
  compareSignals(
    argument: _crypto_CompareSignalsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_CompareSignalsResponse__Output>,
  ): grpc.ClientUnaryCall;
  compareSignals(
    argument: _crypto_CompareSignalsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_CompareSignalsResponse__Output>,
  ): grpc.ClientUnaryCall;
  compareSignals(
    argument: _crypto_CompareSignalsRequest,
    callback: grpc.requestCallback<_crypto_CompareSignalsResponse__Output>,
  ): grpc.ClientUnaryCall;

  GenerateMLPrediction(
    argument: _crypto_MLPredictionRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_MLPredictionResponse__Output>,
  ): grpc.ClientUnaryCall;
  GenerateMLPrediction(
    argument: _crypto_MLPredictionRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_MLPredictionResponse__Output>,
  ): grpc.ClientUnaryCall;
  GenerateMLPrediction(
    argument: _crypto_MLPredictionRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_MLPredictionResponse__Output>,
  ): grpc.ClientUnaryCall;
  GenerateMLPrediction(
    argument: _crypto_MLPredictionRequest,
    callback: grpc.requestCallback<_crypto_MLPredictionResponse__Output>,
  ): grpc.ClientUnaryCall;
  generateMlPrediction(
    argument: _crypto_MLPredictionRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_MLPredictionResponse__Output>,
  ): grpc.ClientUnaryCall;
  generateMlPrediction(
    argument: _crypto_MLPredictionRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_MLPredictionResponse__Output>,
  ): grpc.ClientUnaryCall;
  generateMlPrediction(
    argument: _crypto_MLPredictionRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_MLPredictionResponse__Output>,
  ): grpc.ClientUnaryCall;
  generateMlPrediction(
    argument: _crypto_MLPredictionRequest,
    callback: grpc.requestCallback<_crypto_MLPredictionResponse__Output>,
  ): grpc.ClientUnaryCall;

  GenerateSignal(
    argument: _crypto_SignalRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_SignalResponse__Output>,
  ): grpc.ClientUnaryCall;
  GenerateSignal(
    argument: _crypto_SignalRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_SignalResponse__Output>,
  ): grpc.ClientUnaryCall;
  GenerateSignal(
    argument: _crypto_SignalRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_SignalResponse__Output>,
  ): grpc.ClientUnaryCall;
  GenerateSignal(
    argument: _crypto_SignalRequest,
    callback: grpc.requestCallback<_crypto_SignalResponse__Output>,
  ): grpc.ClientUnaryCall;
  generateSignal(
    argument: _crypto_SignalRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_SignalResponse__Output>,
  ): grpc.ClientUnaryCall;
  generateSignal(
    argument: _crypto_SignalRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_SignalResponse__Output>,
  ): grpc.ClientUnaryCall;
  generateSignal(
    argument: _crypto_SignalRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_SignalResponse__Output>,
  ): grpc.ClientUnaryCall;
  generateSignal(
    argument: _crypto_SignalRequest,
    callback: grpc.requestCallback<_crypto_SignalResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetOHLCV(
    argument: _crypto_OHLCVRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_OHLCVResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetOHLCV(
    argument: _crypto_OHLCVRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_OHLCVResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetOHLCV(
    argument: _crypto_OHLCVRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_OHLCVResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetOHLCV(
    argument: _crypto_OHLCVRequest,
    callback: grpc.requestCallback<_crypto_OHLCVResponse__Output>,
  ): grpc.ClientUnaryCall;
  getOhlcv(
    argument: _crypto_OHLCVRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_OHLCVResponse__Output>,
  ): grpc.ClientUnaryCall;
  getOhlcv(
    argument: _crypto_OHLCVRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_OHLCVResponse__Output>,
  ): grpc.ClientUnaryCall;
  getOhlcv(
    argument: _crypto_OHLCVRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_OHLCVResponse__Output>,
  ): grpc.ClientUnaryCall;
  getOhlcv(
    argument: _crypto_OHLCVRequest,
    callback: grpc.requestCallback<_crypto_OHLCVResponse__Output>,
  ): grpc.ClientUnaryCall;

  HealthCheck(
    argument: _crypto_HealthCheckRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  HealthCheck(
    argument: _crypto_HealthCheckRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  HealthCheck(
    argument: _crypto_HealthCheckRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  HealthCheck(
    argument: _crypto_HealthCheckRequest,
    callback: grpc.requestCallback<_crypto_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  healthCheck(
    argument: _crypto_HealthCheckRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  healthCheck(
    argument: _crypto_HealthCheckRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_crypto_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  healthCheck(
    argument: _crypto_HealthCheckRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_crypto_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  healthCheck(
    argument: _crypto_HealthCheckRequest,
    callback: grpc.requestCallback<_crypto_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;

  StreamPrices(
    argument: _crypto_StreamRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_crypto_PriceUpdate__Output>;
  StreamPrices(
    argument: _crypto_StreamRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_crypto_PriceUpdate__Output>;
  streamPrices(
    argument: _crypto_StreamRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_crypto_PriceUpdate__Output>;
  streamPrices(
    argument: _crypto_StreamRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_crypto_PriceUpdate__Output>;
}

export interface CryptoServiceHandlers extends grpc.UntypedServiceImplementation {
  CompareSignals: grpc.handleUnaryCall<_crypto_CompareSignalsRequest__Output, _crypto_CompareSignalsResponse>;

  GenerateMLPrediction: grpc.handleUnaryCall<
    _crypto_MLPredictionRequest__Output,
    _crypto_MLPredictionResponse
  >;

  GenerateSignal: grpc.handleUnaryCall<_crypto_SignalRequest__Output, _crypto_SignalResponse>;

  GetOHLCV: grpc.handleUnaryCall<_crypto_OHLCVRequest__Output, _crypto_OHLCVResponse>;

  HealthCheck: grpc.handleUnaryCall<_crypto_HealthCheckRequest__Output, _crypto_HealthCheckResponse>;

  StreamPrices: grpc.handleServerStreamingCall<_crypto_StreamRequest__Output, _crypto_PriceUpdate>;
}

export interface CryptoServiceDefinition extends grpc.ServiceDefinition {
  CompareSignals: MethodDefinition<
    _crypto_CompareSignalsRequest,
    _crypto_CompareSignalsResponse,
    _crypto_CompareSignalsRequest__Output,
    _crypto_CompareSignalsResponse__Output
  >;
  GenerateMLPrediction: MethodDefinition<
    _crypto_MLPredictionRequest,
    _crypto_MLPredictionResponse,
    _crypto_MLPredictionRequest__Output,
    _crypto_MLPredictionResponse__Output
  >;
  GenerateSignal: MethodDefinition<
    _crypto_SignalRequest,
    _crypto_SignalResponse,
    _crypto_SignalRequest__Output,
    _crypto_SignalResponse__Output
  >;
  GetOHLCV: MethodDefinition<
    _crypto_OHLCVRequest,
    _crypto_OHLCVResponse,
    _crypto_OHLCVRequest__Output,
    _crypto_OHLCVResponse__Output
  >;
  HealthCheck: MethodDefinition<
    _crypto_HealthCheckRequest,
    _crypto_HealthCheckResponse,
    _crypto_HealthCheckRequest__Output,
    _crypto_HealthCheckResponse__Output
  >;
  StreamPrices: MethodDefinition<
    _crypto_StreamRequest,
    _crypto_PriceUpdate,
    _crypto_StreamRequest__Output,
    _crypto_PriceUpdate__Output
  >;
}
