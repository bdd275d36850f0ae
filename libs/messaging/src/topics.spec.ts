import { deadLetterTopic, Topic, TOPIC_SPECS } from './topics';

describe('TOPIC_SPECS', () => {
  it('should give every SPEC §8 topic a dead-letter twin', () => {
    const names = TOPIC_SPECS.map((s) => s.topic).sort();
    expect(names).toEqual(
      [
        'alerts',
        'alerts.dlq',
        'crypto-prices',
        'crypto-prices.dlq',
        'model-events',
        'model-events.dlq',
        'predictions',
        'predictions.dlq',
      ].sort(),
    );
  });

  it('should name the dead-letter topic after its source', () => {
    expect(deadLetterTopic(Topic.Prices)).toBe('crypto-prices.dlq');
  });

  it('should keep model events forever', () => {
    expect(TOPIC_SPECS.find((s) => s.topic === Topic.ModelEvents)?.retentionMs).toBe(-1);
  });
});
