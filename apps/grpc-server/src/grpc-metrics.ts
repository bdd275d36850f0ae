import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// unary calls are sub-millisecond (a cached window) to seconds (an exchange fetch with retries)
const CALL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gRPC server's own Prometheus metrics, beside the serving ones on the same registry: calls by method and
 * status code (metric names as go-grpc-prometheus has them), their latency, the open StreamPrices streams and
 * the updates sent.
 */
export class GrpcMetrics {
  private readonly handled: Counter<'method' | 'code'>;
  private readonly handling: Histogram<'method'>;
  private readonly streams: Gauge;
  private readonly updates: Counter;
  /** one child per method and code: the label hashing is paid once, not per call */
  private readonly children = new Map<
    string,
    { handled: { inc(): void }; handling: { observe(seconds: number): void } }
  >();

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.handled = new Counter({
      name: 'grpc_server_handled_total',
      help: 'RPCs completed on the server, by method and gRPC status code',
      labelNames: ['method', 'code'],
      registers,
    });
    this.handling = new Histogram({
      name: 'grpc_server_handling_seconds',
      help: 'time from the call arriving to its status, by method (streams: their whole life)',
      labelNames: ['method'],
      buckets: CALL_BUCKETS,
      registers,
    });
    this.streams = new Gauge({
      name: 'grpc_server_active_streams',
      help: 'StreamPrices streams open now',
      registers,
    });
    this.updates = new Counter({
      name: 'grpc_stream_price_updates_total',
      help: 'PriceUpdate messages written to StreamPrices clients',
      registers,
    });
  }

  /** A call ended with `code` (its name, `OK`, `INVALID_ARGUMENT`, …) after `seconds`. */
  callHandled(method: string, code: string, seconds: number): void {
    const key = `${method} ${code}`;
    let child = this.children.get(key);
    if (!child) {
      child = { handled: this.handled.labels(method, code), handling: this.handling.labels(method) };
      this.children.set(key, child);
    }
    child.handled.inc();
    child.handling.observe(seconds);
  }

  streamOpened(): void {
    this.streams.inc();
  }

  streamClosed(): void {
    this.streams.dec();
  }

  updateSent(): void {
    this.updates.inc();
  }
}
