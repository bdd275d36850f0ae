import { Field, InputType, Int } from '@nestjs/graphql';

// SPEC §8: GraphQL input defaults are the REST ones. Each default is declared on its field, and the whole
// object is the argument's default: graphql-js does not fill an omitted argument's fields from theirs.
export const OHLCV_DEFAULTS = { symbol: 'BTCUSDT', exchange: 'binance', timeframe: '1h', limit: 200 };
export const SIGNAL_DEFAULTS = { ...OHLCV_DEFAULTS, horizonMin: 60, explain: false };
export const ML_SIGNAL_DEFAULTS = { ...OHLCV_DEFAULTS, includeHeuristic: true };

@InputType('OHLCVInput', { description: 'a market and how many of its latest closed candles' })
export class OhlcvInput {
  @Field({ defaultValue: OHLCV_DEFAULTS.symbol, description: '`BTCUSDT`, `btc/usdt` or `BTC/USDT`' })
  symbol!: string;

  @Field({ defaultValue: OHLCV_DEFAULTS.exchange, description: 'ccxt exchange id' })
  exchange!: string;

  @Field({ defaultValue: OHLCV_DEFAULTS.timeframe, description: 'ccxt timeframe: `1m`, `5m`, `1h`, `1d`, …' })
  timeframe!: string;

  @Field(() => Int, { defaultValue: OHLCV_DEFAULTS.limit, description: 'closed candles, 1 to 1000' })
  limit!: number;
}

@InputType('SignalInput', { description: 'the heuristic signal of the last closed candle of a market' })
export class SignalInput extends OhlcvInput {
  @Field(() => Int, {
    defaultValue: SIGNAL_DEFAULTS.horizonMin,
    description: 'horizon the signal is for, minutes',
  })
  horizonMin!: number;

  @Field({ defaultValue: SIGNAL_DEFAULTS.explain, description: 'add the features the signal came from' })
  explain!: boolean;
}

@InputType('MLSignalInput', { description: 'the ML volatility forecast of a market' })
export class MlSignalInput extends OhlcvInput {
  @Field({
    defaultValue: ML_SIGNAL_DEFAULTS.includeHeuristic,
    description: 'compare with the heuristic signal of the same candles',
  })
  includeHeuristic!: boolean;
}
