import { loadEnv } from '@crypto/config';
import { StreamConsumerEnv } from './stream-consumer.env';

describe(StreamConsumerEnv.name, () => {
  it('should default to the platform topics, the stream-consumer group and metrics port 9103', () => {
    expect(loadEnv(StreamConsumerEnv, {})).toMatchObject({
      METRICS_PORT: 9103,
      STREAM_PRICES_TOPIC: 'crypto-prices',
      STREAM_PREDICTIONS_TOPIC: 'predictions',
      STREAM_ALERTS_TOPIC: 'alerts',
      STREAM_CONSUMER_GROUP: 'stream-consumer',
    });
  });

  it('should refuse a metrics port out of range', () => {
    expect(() => loadEnv(StreamConsumerEnv, { METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});
