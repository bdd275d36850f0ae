import { parseModelEvent } from './model-events.subscriber';

describe(parseModelEvent.name, () => {
  it('should read a promotion as published by the training pipeline', () => {
    const event = {
      type: 'champion_promoted',
      model_name: 'crypto-volatility-bilstm',
      version: '4',
      alias: 'champion',
      run_id: 'r',
      metrics: { rmse: 1, mae: 1, qlike: 1, r2: 0 },
      previous_version: '3',
      timestamp: 1,
    };

    expect(parseModelEvent(JSON.stringify(event))).toEqual(event);
  });

  it('should read a rollback with its reason', () => {
    const event = {
      type: 'champion_rolled_back',
      model_name: 'crypto-volatility-bilstm',
      version: '3',
      alias: 'champion',
      run_id: 'r',
      metrics: null,
      previous_version: '4',
      reason: 'v4 overshoots in the turbulent regime',
      timestamp: 1,
    };

    expect(parseModelEvent(JSON.stringify(event))).toEqual(event);
  });

  it.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['another type', '{"type":"champion_demoted","model_name":"m","version":"1"}'],
    ['a numeric version', '{"type":"champion_promoted","model_name":"m","version":1}'],
    ['no model name', '{"type":"champion_promoted","version":"1"}'],
  ])('should refuse %s', (_what, message) => {
    expect(parseModelEvent(message)).toBeUndefined();
  });
});
