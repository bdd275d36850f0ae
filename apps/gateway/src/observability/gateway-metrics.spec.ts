import { Registry } from 'prom-client';
import { PrometheusServingMetrics } from '@crypto/serving';
import { GatewayMetrics } from './gateway-metrics';

describe(GatewayMetrics.name, () => {
  let serving: PrometheusServingMetrics;
  let sut: GatewayMetrics;

  beforeEach(() => {
    const registry = new Registry();
    serving = new PrometheusServingMetrics(registry, { info: undefined });
    sut = new GatewayMetrics(registry, serving);
  });

  describe('counters', () => {
    it('should start at zero with no signal or prediction yet', () => {
      expect(sut.counters(false)).toEqual({
        start_time: expect.any(String),
        requests_total: 0,
        signals_total: 0,
        ml_predictions_total: 0,
        last_signal_at: null,
        last_ml_prediction_at: null,
        ml_available: false,
      });
    });

    it('should count requests, and the signals and predictions the serving use cases report', () => {
      sut.httpRequest('GET', '/health', 200, 0.001);
      sut.httpRequest('POST', '/v1/crypto/signal', 200, 0.004);
      serving.signalServed();
      serving.predictionServed();
      serving.predictionServed();
      const counters = sut.counters(true);
      expect(counters).toMatchObject({
        requests_total: 2,
        signals_total: 1,
        ml_predictions_total: 2,
        ml_available: true,
      });
      expect(Date.parse(counters.last_signal_at!)).not.toBeNaN();
    });
  });

  describe('prometheus text', () => {
    it('should label request durations with the route pattern and status', async () => {
      sut.httpRequest('GET', '/v1/ml/train/:job_id', 404, 0.002);
      sut.httpRequest('GET', '/v1/ml/train/:job_id', 404, 0.003);
      expect(await sut.registry.metrics()).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/v1\/ml\/train\/:job_id",status="404"\} 2/,
      );
    });
  });
});
