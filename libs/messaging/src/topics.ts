import type { Candle } from '@crypto/candles';

/** Kafka topic names (SPEC §8) in one typed map: no string literals at call sites (STYLE §7). */
export const Topic = {
  Prices: 'crypto-prices',
  Predictions: 'predictions',
  Alerts: 'alerts',
  ModelEvents: 'model-events',
} as const;
export type TopicName = (typeof Topic)[keyof typeof Topic];

/** Malformed messages of `topic` go to `<topic>.dlq` with the reason; they never stop a consumer. */
export const deadLetterTopic = <T extends TopicName>(topic: T): `${T}.dlq` => `${topic}.dlq`;

export interface PriceTick {
  symbol: string;
  price: number;
  volume: number;
  timestamp: number;
  change_24h?: number;
  source: string;
}

export interface CandleMessage extends Candle {
  symbol: string;
  timeframe: string;
  closed: boolean;
}

export type AlertType =
  | 'price_change_24h'
  | 'high_volatility'
  | 'rsi_overbought'
  | 'rsi_oversold'
  | 'regime_change'
  /** the champion's live QLIKE worse than HAR-RV's by more than the margin (live forecast monitoring) */
  | 'model_degraded';

export interface AlertMessage {
  type: AlertType;
  symbol: string;
  /** the market's timeframe (beside the SPEC §8 fields: one symbol may stream several) */
  timeframe: string;
  value: number;
  threshold: number;
  severity: 'info' | 'warning' | 'high';
  message: string;
  /** when the alert was produced, epoch ms */
  timestamp: number;
  /** open time of the candle it is about, epoch ms */
  ts: number;
}

/** What happened to the champion alias (SPEC §8 `model-events`: promotions and rollbacks). */
export const ModelEventType = {
  /** the promotion gate moved the alias to a newly trained version */
  Promoted: 'champion_promoted',
  /** an operator moved the alias back to an earlier version */
  RolledBack: 'champion_rolled_back',
} as const;
export type ModelEventType = (typeof ModelEventType)[keyof typeof ModelEventType];

/** A new champion (SPEC §7): Kafka `model-events` and the Redis channel of the same name carry this JSON. */
export interface ModelEventMessage {
  type: ModelEventType;
  model_name: string;
  /** the version the alias names now: every serving process loads it */
  version: string;
  alias: 'champion';
  run_id: string;
  /** the champion's test-window metrics (natural scale); null when its run recorded none */
  metrics: { rmse: number; mae: number; qlike: number; r2: number } | null;
  /** the version it replaced; null for the first champion */
  previous_version: string | null;
  /** why an operator rolled back (rollbacks only) */
  reason?: string;
  /** epoch ms */
  timestamp: number;
}

export interface DeadLetterMessage {
  topic: TopicName;
  reason: string;
  /** the original value as received, UTF-8 */
  value: string;
  partition: number;
  offset: string;
  timestamp: number;
}

export interface TopicPayload {
  [Topic.Prices]: PriceTick | CandleMessage;
  [Topic.Predictions]: Record<string, unknown>;
  [Topic.Alerts]: AlertMessage;
  [Topic.ModelEvents]: ModelEventMessage;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  /** retention in ms; -1 keeps forever */
  retentionMs: number;
}

const DAY_MS = 86_400_000;

/** Every topic the platform needs, with its dead-letter twin; provisioning creates exactly these. */
export const TOPIC_SPECS: readonly TopicSpec[] = (
  [
    { topic: Topic.Prices, partitions: 3, retentionMs: 7 * DAY_MS },
    { topic: Topic.Predictions, partitions: 3, retentionMs: 30 * DAY_MS },
    { topic: Topic.Alerts, partitions: 1, retentionMs: 30 * DAY_MS },
    { topic: Topic.ModelEvents, partitions: 1, retentionMs: -1 },
  ] satisfies (TopicSpec & { topic: TopicName })[]
).flatMap((spec) => [spec, { topic: deadLetterTopic(spec.topic), partitions: 1, retentionMs: 30 * DAY_MS }]);
