import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('FeatureData')
export class FeatureData {
  @Field({ description: 'candle open time, ISO-8601 UTC' })
  time!: string;

  @Field(() => Float)
  close!: number;

  @Field(() => Float, { nullable: true })
  ret!: number | null;

  @Field(() => Float, { nullable: true })
  vol24!: number | null;

  @Field(() => Float, { nullable: true })
  sma12!: number | null;

  @Field(() => Float, { nullable: true })
  sma48!: number | null;
}

@ObjectType('SignalExplanation')
export class SignalExplanation {
  @Field(() => Float)
  nowcastRet!: number;

  @Field(() => Float)
  vol!: number;

  @Field()
  volRegime!: string;

  @Field(() => Float)
  riskScore!: number;

  @Field(() => [FeatureData], { description: 'the last 5 candles with their features' })
  featuresTail!: FeatureData[];
}

@ObjectType('SignalResponse', {
  description: 'the heuristic signal (persisted); `error` instead when it could not be computed',
})
export class SignalResponse {
  @Field()
  symbol!: string;

  @Field(() => Int, { nullable: true })
  horizonMin!: number | null;

  @Field(() => Float, { nullable: true })
  riskScore!: number | null;

  @Field(() => Float, { nullable: true })
  nowcastRet!: number | null;

  @Field(() => String, { nullable: true, description: '`calm`, `normal` or `turbulent`' })
  volRegime!: string | null;

  @Field(() => String, { nullable: true, description: 'when it was served, ISO-8601 UTC' })
  timestamp!: string | null;

  @Field(() => String, { nullable: true })
  method!: string | null;

  @Field(() => SignalExplanation, { nullable: true, description: 'when `explain` was asked' })
  explanation!: SignalExplanation | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType('MLPrediction')
export class MlPrediction {
  @Field(() => Float, { nullable: true, description: 'forecast realized volatility of the next H candles' })
  prediction!: number | null;

  @Field(() => Float, { nullable: true })
  currentVolatility!: number | null;

  @Field(() => String, { nullable: true })
  volatilityRegime!: string | null;

  @Field(() => String, { nullable: true, description: '`low`, `medium` or `high`' })
  riskLevel!: string | null;

  @Field(() => Float, { nullable: true })
  confidence!: number | null;

  @Field(() => String, { nullable: true })
  predictionTimestamp!: string | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType('HeuristicComparison')
export class HeuristicComparison {
  @Field(() => Float, { nullable: true })
  heuristicRiskScore!: number | null;

  @Field(() => String, { nullable: true })
  heuristicVolRegime!: string | null;

  @Field(() => Float, { nullable: true, description: 'ML prediction minus the heuristic volatility' })
  volatilityDiff!: number | null;

  @Field(() => Boolean, { nullable: true })
  regimeMatch!: boolean | null;
}

@ObjectType('MLSignalResponse', {
  description: 'the ML forecast (persisted); `error` instead, e.g. while no model is loaded',
})
export class MlSignalResponse {
  @Field()
  symbol!: string;

  @Field(() => String, { nullable: true })
  timestamp!: string | null;

  @Field(() => String, { nullable: true })
  method!: string | null;

  @Field(() => String, { nullable: true })
  modelVersion!: string | null;

  @Field(() => MlPrediction, { nullable: true })
  mlPrediction!: MlPrediction | null;

  @Field(() => HeuristicComparison, { nullable: true })
  heuristicComparison!: HeuristicComparison | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}
