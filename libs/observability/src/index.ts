export * from './ops-server';
export * from './dependency-health';
