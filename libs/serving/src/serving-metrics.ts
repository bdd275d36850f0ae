/**
 * What the serving use cases report while they work, for Prometheus (the gateway implements it with
 * prom-client; the default does nothing). Calls are synchronous and cheap: they sit on the request path.
 */
export interface ServingMetrics {
  /** a request for a candle window: `hit` served from memory, `miss` read or fetched, `stale` served old after an exchange failure */
  candleWindow(outcome: 'hit' | 'miss' | 'stale'): void;
  /** one call to an exchange (all its retries included), its duration in seconds and how it ended */
  exchangeCall(exchange: string, operation: string, seconds: number, outcome: 'ok' | 'error'): void;
  /** a heuristic signal answered and persisted */
  signalServed(): void;
  /** an ML prediction answered and persisted */
  predictionServed(): void;
}

export const NO_SERVING_METRICS: ServingMetrics = {
  candleWindow: () => undefined,
  exchangeCall: () => undefined,
  signalServed: () => undefined,
  predictionServed: () => undefined,
};
