import { Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import { Channel, Topic, type AlertMessage, type TopicPublisher } from '@crypto/messaging';
import type { AlertRecord, AlertRepository } from '@crypto/storage';

/**
 * Where a `model_degraded` alert goes, as the stream consumer's alerts do (SPEC §8): PostgreSQL first (unique
 * per market, type and day, so replicas and reruns raise it once), then, only when new, Kafka `alerts`
 * keyed by symbol and the Redis `alerts` channel the dashboard and GraphQL follow. A broker that is away
 * loses the announcement, never the stored alert.
 */
export class ModelDegradedAlerts {
  private readonly logger = new Logger('ForecastMonitoring');

  constructor(
    private readonly store: Pick<AlertRepository, 'saveMany'>,
    private readonly kafka: Pick<TopicPublisher, 'publish'>,
    private readonly redis: Pick<IORedis, 'publish'>,
  ) {}

  /** Resolves to whether the alert is new. */
  async raise(alert: AlertRecord): Promise<boolean> {
    if ((await this.store.saveMany([alert])) === 0) return false;
    const message: AlertMessage = { ...alert, type: 'model_degraded', severity: 'high' };
    await Promise.all([
      this.kafka
        .publish([{ topic: Topic.Alerts, key: alert.symbol, value: message }])
        .catch((error: Error) => this.unannounced('Kafka', error)),
      this.redis
        .publish(Channel.Alerts, JSON.stringify(message))
        .catch((error: Error) => this.unannounced('Redis', error)),
    ]);
    return true;
  }

  private unannounced(where: string, error: Error): void {
    this.logger.warn(`model_degraded stored but not announced on ${where}: ${error.message}`);
  }
}
