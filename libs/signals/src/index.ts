export * from './explain-signal';
export * from './heuristic-signal';
