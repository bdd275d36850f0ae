import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSub } from 'mercurius';
import { AlertUpdate, PredictionUpdate, PriceUpdate } from './live.types';
import { SEVERITY_RANK, wantsSymbol } from './live-messages';

interface SymbolsArgs {
  symbols?: string[] | null;
}

const symbolsArg = {
  name: 'symbols',
  type: () => [String],
  nullable: true,
  description: 'only these symbols (any spelling: `BTCUSDT`, `btc/usdt`); none: every symbol',
} as const;

/** Live feeds (SPEC §8 "subscriptions for live prices, predictions and alerts"), fed by {@link LiveFeedBridge}. */
@Resolver()
export class LiveResolver {
  @Subscription(() => PriceUpdate, {
    description: 'live prices (ticks and candle closes)',
    filter: (payload: { priceUpdates: PriceUpdate }, variables: SymbolsArgs) =>
      wantsSymbol(variables.symbols, payload.priceUpdates.symbol),
  })
  priceUpdates(@Args(symbolsArg) _symbols: string[] | null, @Context('pubsub') pubsub: PubSub) {
    return pubsub.subscribe('priceUpdates');
  }

  @Subscription(() => PredictionUpdate, {
    description: 'live signals and ML predictions per symbol and candle',
    filter: (payload: { predictionUpdates: PredictionUpdate }, variables: SymbolsArgs) =>
      wantsSymbol(variables.symbols, payload.predictionUpdates.symbol),
  })
  predictionUpdates(@Args(symbolsArg) _symbols: string[] | null, @Context('pubsub') pubsub: PubSub) {
    return pubsub.subscribe('predictionUpdates');
  }

  @Subscription(() => AlertUpdate, {
    description: 'live alerts: 24h price change, high volatility, RSI extremes, regime change',
    filter: (payload: { alerts: AlertUpdate }, variables: SymbolsArgs & { minSeverity?: string | null }) =>
      wantsSymbol(variables.symbols, payload.alerts.symbol) &&
      (SEVERITY_RANK[payload.alerts.severity] ?? 0) >= (SEVERITY_RANK[variables.minSeverity ?? 'info'] ?? 0),
  })
  alerts(
    @Args(symbolsArg) _symbols: string[] | null,
    @Args('minSeverity', {
      type: () => String,
      nullable: true,
      defaultValue: 'info',
      description: '`info`, `warning` or `high`: alerts at least this severe',
    })
    _minSeverity: string,
    @Context('pubsub') pubsub: PubSub,
  ) {
    return pubsub.subscribe('alerts');
  }
}
