/** the gateway's prom-client `Registry`: its own metrics and the serving ones (`ServingModule`) */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
