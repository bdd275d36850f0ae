export * from './ops-server';
export * from './dependency-health';
export * from './app-process';
export * from './code-version';
