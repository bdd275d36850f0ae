import { Registry } from 'prom-client';
import { GatewayMetrics } from './gateway-metrics';

describe(GatewayMetrics.name, () => {
  let sut: GatewayMetrics;

  beforeEach(() => {
    sut = new GatewayMetrics(new Registry());
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

    it('should count requests, signals and predictions with the time of the last', () => {
      sut.httpRequest('GET', '/health', 200, 0.001);
      sut.httpRequest('POST', '/v1/crypto/signal', 200, 0.004);
      sut.signalServed();
      sut.predictionServed();
      sut.predictionServed();
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

    it('should count exchange errors apart from the latency of every call', async () => {
      sut.exchangeCall('binance', 'fetchOHLCV', 0.2, 'ok');
      sut.exchangeCall('binance', 'fetchOHLCV', 1.5, 'error');
      const text = await sut.registry.metrics();
      expect(text).toMatch(
        /exchange_request_duration_seconds_count\{exchange="binance",operation="fetchOHLCV",outcome="ok"\} 1/,
      );
      expect(text).toMatch(/exchange_errors_total\{exchange="binance",operation="fetchOHLCV"\} 1/);
    });

    it('should keep only the version being served in the model gauge', async () => {
      sut.modelServed('3');
      sut.modelServed('4');
      let text = await sut.registry.metrics();
      expect(text).toMatch(/ml_model_loaded\{version="4"\} 1/);
      expect(text).not.toMatch(/version="3"/);
      sut.modelServed(undefined);
      text = await sut.registry.metrics();
      expect(text).not.toMatch(/ml_model_loaded\{/);
    });
  });
});
