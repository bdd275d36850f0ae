import { Histogram, Registry } from 'prom-client';
import {
  histogramQuantile,
  histogramSeries,
  parsePrometheusSamples,
  summarizeHttpRequests,
} from './http-histogram';

/** The gateway's histogram as prom-client exposes it, with the given requests observed. */
async function gatewayText(requests: [route: string, status: number, seconds: number][]): Promise<string> {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'gateway' });
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.01, 0.1, 1],
    registers: [registry],
  });
  for (const [route, status, seconds] of requests)
    histogram.labels('GET', route, String(status)).observe(seconds);
  return registry.metrics();
}

const bucketsOf = (text: string) =>
  histogramSeries(parsePrometheusSamples(text, 'http_request_duration_seconds_bucket'));

describe('http histogram', () => {
  describe(parsePrometheusSamples.name, () => {
    it('should read the samples of one name with their labels, escaped quotes included', () => {
      const text = [
        '# HELP x_total things',
        'x_total{a="1",b="say \\"hi\\""} 3',
        'x_total_other 9',
        'x_total 4 1759766400000',
      ].join('\n');

      expect(parsePrometheusSamples(text, 'x_total')).toEqual([
        { labels: { a: '1', b: 'say "hi"' }, value: 3 },
        { labels: {}, value: 4 },
      ]);
    });
  });

  describe(histogramQuantile.name, () => {
    const buckets = [
      { le: 0.01, count: 50 },
      { le: 0.1, count: 90 },
      { le: Infinity, count: 100 },
    ];

    it('should interpolate inside the bucket the rank falls in, as histogram_quantile does', () => {
      expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.01, 12);
      expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.01 + 0.09 * (20 / 40), 12);
    });

    it('should answer the highest finite bound when the rank falls in +Inf', () => {
      expect(histogramQuantile(0.99, buckets)).toBe(0.1);
    });

    it('should be null without observations', () => {
      expect(histogramQuantile(0.5, [{ le: Infinity, count: 0 }])).toBeNull();
    });
  });

  describe(summarizeHttpRequests.name, () => {
    it('should count requests and errors by status class over every route of the gateway text', async () => {
      const text = await gatewayText([
        ['/v1/crypto/signal', 200, 0.004],
        ['/v1/crypto/signal', 200, 0.006],
        ['/v1/crypto/signal', 503, 0.05],
        ['/health', 200, 0.0005],
        ['/v1/crypto/ohlcv', 400, 0.002],
      ]);

      const sut = summarizeHttpRequests(bucketsOf(text));

      expect(sut).toMatchObject({ requests: 5, server_errors: 1, client_errors: 1 });
      expect(sut.routes.map((r) => [r.route, r.requests, r.server_errors])).toEqual([
        ['/v1/crypto/signal', 3, 1],
        ['/health', 1, 0],
        ['/v1/crypto/ohlcv', 1, 0],
      ]);
      expect(sut.p50_s).toBeGreaterThan(0.001);
      expect(sut.p50_s).toBeLessThanOrEqual(0.01);
    });

    it('should have no quantile and no route without a request', () => {
      expect(summarizeHttpRequests([])).toEqual({
        requests: 0,
        server_errors: 0,
        client_errors: 0,
        p50_s: null,
        p95_s: null,
        p99_s: null,
        routes: [],
      });
    });
  });
});
