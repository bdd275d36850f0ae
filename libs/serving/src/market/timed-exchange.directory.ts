import type { ExchangeDirectory, ExchangeMarketData } from '@crypto/market-data';
import type { ServingMetrics } from '../serving-metrics';

/**
 * An exchange directory whose clients report each call (retries included) to {@link ServingMetrics}: the
 * latency and outcome of every request the serving path and the ingestion make to an exchange.
 */
export class TimedExchangeDirectory implements ExchangeDirectory {
  private readonly clients = new Map<string, ExchangeMarketData>();

  constructor(
    private readonly inner: ExchangeDirectory,
    private readonly metrics: ServingMetrics,
  ) {}

  get(exchangeId: string): ExchangeMarketData {
    let client = this.clients.get(exchangeId);
    if (!client) {
      client = this.timed(this.inner.get(exchangeId));
      this.clients.set(exchangeId, client);
    }
    return client;
  }

  private timed(source: ExchangeMarketData): ExchangeMarketData {
    const time = <T>(operation: string, call: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const done = (outcome: 'ok' | 'error') =>
        this.metrics.exchangeCall(
          source.exchangeId,
          operation,
          (performance.now() - started) / 1000,
          outcome,
        );
      return call().then(
        (value) => {
          done('ok');
          return value;
        },
        (error: unknown) => {
          done('error');
          throw error;
        },
      );
    };
    return {
      exchangeId: source.exchangeId,
      resolveMarket: (symbol, timeframe) =>
        time('resolveMarket', () => source.resolveMarket(symbol, timeframe)),
      fetchCandles: (market, request) => time('fetchCandles', () => source.fetchCandles(market, request)),
      fetchTicker: (symbol) => time('fetchTicker', () => source.fetchTicker(symbol)),
      close: () => source.close(),
    };
  }
}
