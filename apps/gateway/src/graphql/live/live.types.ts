import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType('PriceUpdate', { description: 'a live price tick or candle (Redis channel `prices`)' })
export class PriceUpdate {
  @Field()
  symbol!: string;

  @Field(() => Float, { description: 'last price (a candle: its close)' })
  price!: number;

  @Field(() => Float, { nullable: true })
  volume!: number | null;

  @Field(() => Float, { nullable: true, description: 'change over 24h, fraction' })
  change24h!: number | null;

  @Field(() => Float, { description: 'epoch ms UTC' })
  timestamp!: number;

  @Field(() => String, { nullable: true, description: 'exchange or source id; a candle: its timeframe' })
  source!: string | null;
}

@ObjectType('PredictionUpdate', {
  description: 'a live signal / prediction for a symbol (Redis channel `predictions`)',
})
export class PredictionUpdate {
  @Field()
  symbol!: string;

  @Field(() => Float, { description: 'epoch ms UTC' })
  timestamp!: number;

  @Field(() => String, { nullable: true })
  timeframe!: string | null;

  @Field(() => Float, { nullable: true })
  riskScore!: number | null;

  @Field(() => String, { nullable: true })
  volRegime!: string | null;

  @Field(() => Float, { nullable: true, description: 'ML forecast volatility, when a model served it' })
  prediction!: number | null;

  @Field(() => String, { nullable: true })
  riskLevel!: string | null;

  @Field(() => String, { nullable: true })
  modelVersion!: string | null;

  @Field({ description: 'the message as published, JSON' })
  payload!: string;
}

@ObjectType('Alert', { description: 'a live alert (Redis channel `alerts`, SPEC §8 alert message)' })
export class AlertUpdate {
  @Field()
  type!: string;

  @Field()
  symbol!: string;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Float, { nullable: true })
  threshold!: number | null;

  @Field({ description: '`info`, `warning` or `high`' })
  severity!: string;

  @Field()
  message!: string;

  @Field(() => Float, { description: 'epoch ms UTC' })
  timestamp!: number;
}
