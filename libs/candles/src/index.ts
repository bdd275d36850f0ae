export * from './candle';
export * from './candle-csv';
export * from './candle.factory';
export * from './market-data.error';
export * from './symbol';
export * from './timeframe';
