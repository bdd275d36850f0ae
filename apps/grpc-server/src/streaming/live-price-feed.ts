import type { PriceFeedMessage, PriceTick } from '@crypto/messaging';

/** What StreamPrices reads of the live feed (`LatestPriceFeed` of @crypto/messaging on `crypto-prices`). */
export interface LivePriceFeed {
  /** every message from now on, until the returned function is called */
  subscribe(listener: (message: PriceFeedMessage) => void): () => void;
  /** the last tick seen of a symbol, for a stream that starts now */
  latestTick(symbol: string): PriceTick | undefined;
  /** the symbols ticks were seen of */
  symbols(): string[];
}
