import { Field, InputType, Int } from '@nestjs/graphql';

// SPEC §8: GraphQL input defaults are the REST ones.
export const DEFAULT_SYMBOL = 'BTCUSDT';
export const DEFAULT_EXCHANGE = 'binance';
export const DEFAULT_TIMEFRAME = '1h';
export const DEFAULT_LIMIT = 200;

@InputType('OHLCVInput', { description: 'a market and how many of its latest closed candles' })
export class OhlcvInput {
  @Field({ defaultValue: DEFAULT_SYMBOL, description: '`BTCUSDT`, `btc/usdt` or `BTC/USDT`' })
  symbol!: string;

  @Field({ defaultValue: DEFAULT_EXCHANGE, description: 'ccxt exchange id' })
  exchange!: string;

  @Field({ defaultValue: DEFAULT_TIMEFRAME, description: 'ccxt timeframe: `1m`, `5m`, `1h`, `1d`, …' })
  timeframe!: string;

  @Field(() => Int, { defaultValue: DEFAULT_LIMIT, description: 'candles, 1 to 1000' })
  limit!: number;
}

@InputType('SignalInput', { description: 'the heuristic signal of the last closed candle of a market' })
export class SignalInput extends OhlcvInput {
  @Field(() => Int, { defaultValue: 60, description: 'horizon the signal is for, minutes' })
  horizonMin!: number;

  @Field({ defaultValue: false, description: 'add the features the signal came from' })
  explain!: boolean;
}

@InputType('MLSignalInput', { description: 'the ML volatility forecast of a market' })
export class MlSignalInput extends OhlcvInput {
  @Field({ defaultValue: true, description: 'compare with the heuristic signal of the same candles' })
  includeHeuristic!: boolean;
}
