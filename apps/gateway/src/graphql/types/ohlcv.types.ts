import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('OHLCVData')
export class OhlcvData {
  @Field(() => Float, { description: 'candle open time, epoch ms UTC' })
  timestamp!: number;

  @Field(() => Float)
  open!: number;

  @Field(() => Float)
  high!: number;

  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  close!: number;

  @Field(() => Float)
  volume!: number;
}

@ObjectType('OHLCVResponse', {
  description: 'the latest closed candles; `error` instead when they could not be had',
})
export class OhlcvResponse {
  @Field({ description: 'ccxt unified (`BTC/USDT`); as given when it was invalid' })
  symbol!: string;

  @Field(() => String, { nullable: true })
  exchange!: string | null;

  @Field(() => String, { nullable: true })
  timeframe!: string | null;

  @Field(() => Int, { nullable: true })
  rows!: number | null;

  @Field(() => [OhlcvData], { nullable: true })
  data!: OhlcvData[] | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}
