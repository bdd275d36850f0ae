export * from './load-env';
export * from './services.env';
