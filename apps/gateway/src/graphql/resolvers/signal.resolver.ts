import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import {
  HeuristicSignalService,
  MlSignalService,
  type ServedMlSignal,
  type ServedSignal,
} from '@crypto/serving';
import { MlSignalRequestDto, SignalRequestDto } from '../../signals/signals.dto';
import { orError, validated } from '../graphql-answers';
import { ML_SIGNAL_DEFAULTS, MlSignalInput, SIGNAL_DEFAULTS, SignalInput } from '../inputs/market.input';
import { MlSignalResponse, SignalResponse } from '../types/signal.types';

const toSignal = (signal: ServedSignal): SignalResponse => ({
  symbol: signal.market.symbol,
  horizonMin: signal.horizon_min,
  riskScore: signal.risk_score,
  nowcastRet: signal.nowcast_ret,
  volRegime: signal.vol_regime,
  timestamp: signal.timestamp,
  method: signal.method,
  explanation: signal.explain && {
    nowcastRet: signal.explain.nowcast_ret,
    vol: signal.explain.vol,
    volRegime: signal.explain.vol_regime,
    riskScore: signal.explain.risk_score,
    featuresTail: signal.explain.features_tail,
  },
  error: null,
});

const toMlSignal = (signal: ServedMlSignal): MlSignalResponse => {
  const p = signal.ml_prediction;
  const h = signal.heuristic_comparison;
  return {
    symbol: signal.market.symbol,
    timestamp: signal.timestamp,
    method: signal.method,
    modelVersion: signal.model_version,
    mlPrediction: {
      prediction: p.prediction,
      currentVolatility: p.current_volatility,
      volatilityRegime: p.volatility_regime,
      riskLevel: p.risk_level,
      confidence: p.confidence,
      predictionTimestamp: p.prediction_timestamp,
      error: null,
    },
    heuristicComparison: h && {
      heuristicRiskScore: h.heuristic_risk_score,
      heuristicVolRegime: h.heuristic_vol_regime,
      volatilityDiff: h.ml_vs_heuristic.volatility_diff,
      regimeMatch: h.ml_vs_heuristic.regime_match,
    },
    error: null,
  };
};

/** SPEC §8 mutations: the same use cases as `POST /v1/crypto/signal` and `/ml-signal`, persisted alike. */
@Resolver()
export class SignalResolver {
  constructor(
    @Inject(HeuristicSignalService) private readonly heuristics: HeuristicSignalService,
    @Inject(MlSignalService) private readonly ml: MlSignalService,
  ) {}

  @Mutation(() => SignalResponse, {
    description: 'the heuristic risk signal of the latest closed candle (persisted)',
  })
  generateSignal(
    @Args('input', { type: () => SignalInput, nullable: true, defaultValue: SIGNAL_DEFAULTS })
    input: SignalInput,
  ): Promise<SignalResponse> {
    const failed = (error: string): SignalResponse => ({
      symbol: input.symbol,
      horizonMin: input.horizonMin,
      riskScore: null,
      nowcastRet: null,
      volRegime: null,
      timestamp: null,
      method: null,
      explanation: null,
      error,
    });
    return orError(async () => {
      const { horizonMin, ...rest } = input;
      const query = await validated(SignalRequestDto, { ...rest, horizon_min: horizonMin });
      return toSignal(await this.heuristics.generate({ ...query, horizonMin: query.horizon_min }));
    }, failed);
  }

  @Mutation(() => MlSignalResponse, {
    description:
      'the ML volatility forecast of the latest closed candles (persisted); `error` while no model is loaded',
  })
  generateMlSignal(
    @Args('input', { type: () => MlSignalInput, nullable: true, defaultValue: ML_SIGNAL_DEFAULTS })
    input: MlSignalInput,
  ): Promise<MlSignalResponse> {
    const failed = (error: string): MlSignalResponse => ({
      symbol: input.symbol,
      timestamp: null,
      method: null,
      modelVersion: null,
      mlPrediction: null,
      heuristicComparison: null,
      error,
    });
    return orError(async () => {
      const { includeHeuristic, ...rest } = input;
      const query = await validated(MlSignalRequestDto, { ...rest, include_heuristic: includeHeuristic });
      return toMlSignal(await this.ml.predict({ ...query, includeHeuristic: query.include_heuristic }));
    }, failed);
  }
}
