import type { Provider } from '@nestjs/common';
import { createMetricsRegistry } from '@crypto/observability';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export const metricsRegistryProvider: Provider = {
  provide: METRICS_REGISTRY,
  useFactory: () => createMetricsRegistry('gateway'),
};
