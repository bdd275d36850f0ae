export * from './batch-features';
export * from './feature-csv';
export * from './feature-row';
export * from './feature-state';
export * from './rolling-window';
