import { Registry } from 'prom-client';
import type { ModelInfo } from '../ml/champion-model-source';
import { PrometheusServingMetrics } from './prometheus-serving-metrics';

describe(PrometheusServingMetrics.name, () => {
  let registry: Registry;
  const champion: { info: ModelInfo | undefined } = { info: undefined };
  let sut: PrometheusServingMetrics;

  beforeEach(() => {
    registry = new Registry();
    champion.info = undefined;
    sut = new PrometheusServingMetrics(registry, champion);
  });

  it('should count exchange errors apart from the latency of every call', async () => {
    sut.exchangeCall('binance', 'fetchOHLCV', 0.2, 'ok');
    sut.exchangeCall('binance', 'fetchOHLCV', 1.5, 'error');
    const text = await registry.metrics();
    expect(text).toMatch(
      /exchange_request_duration_seconds_count\{exchange="binance",operation="fetchOHLCV",outcome="ok"\} 1/,
    );
    expect(text).toMatch(/exchange_errors_total\{exchange="binance",operation="fetchOHLCV"\} 1/);
  });

  it('should show only the version the champion serves at scrape time in the model gauge', async () => {
    champion.info = { model_version: '3' } as ModelInfo;
    expect(await registry.metrics()).toMatch(/ml_model_loaded\{version="3"\} 1/);
    champion.info = { model_version: '4' } as ModelInfo;
    let text = await registry.metrics();
    expect(text).toMatch(/ml_model_loaded\{version="4"\} 1/);
    expect(text).not.toMatch(/version="3"/);
    champion.info = undefined;
    text = await registry.metrics();
    expect(text).not.toMatch(/ml_model_loaded\{/);
  });

  it('should count signals and predictions served with the time of the last', async () => {
    sut.signalServed();
    sut.predictionServed();
    sut.predictionServed();
    expect(sut.totals()).toMatchObject({ signals: 1, predictions: 2, lastSignalAt: expect.any(Date) });
    expect(await registry.metrics()).toMatch(/ml_predictions_total 2/);
  });
});
