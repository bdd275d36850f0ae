export * from './alerts/alert-rules';
export * from './explain-signal';
export * from './heuristic-signal';
export * from './risk-forecast-series';
