import { Channel, type ChannelName } from '@crypto/messaging';
import type { AlertUpdate, PredictionUpdate, PriceUpdate } from './live.types';
import { toAlertUpdate, toPredictionUpdate, toPriceUpdate } from './live-messages';

/**
 * The subscription fields and the Redis channel feeding each: the message is mapped and published to the
 * GraphQL pub/sub under the field name (mercurius resolves a subscription payload by its field).
 */
export const LIVE_FEEDS = {
  [Channel.Prices]: { field: 'priceUpdates', map: toPriceUpdate },
  [Channel.Predictions]: { field: 'predictionUpdates', map: toPredictionUpdate },
  [Channel.Alerts]: { field: 'alerts', map: toAlertUpdate },
} as const satisfies Partial<
  Record<
    ChannelName,
    {
      field: string;
      map: (m: Record<string, unknown>) => PriceUpdate | PredictionUpdate | AlertUpdate | undefined;
    }
  >
>;

export type LiveChannel = keyof typeof LIVE_FEEDS;
export const LIVE_CHANNELS = Object.keys(LIVE_FEEDS) as LiveChannel[];
