export * from './backend';
export * from './evaluation';
export * from './metrics';
export * from './model-artifact.error';
export * from './model-artifacts';
export * from './model-config';
export * from './train';
export * from './volatility-model';
