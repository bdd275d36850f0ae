export * from './alerts/alert.repository';
export * from './candles/candle.repository';
export * from './database/pg-errors';
export * from './database/pg-pool';
export * from './database/run-migrations';
export * from './object-storage/object-storage.repository';
export * from './signals/append-only.table';
export * from './signals/group-commit.writer';
export * from './signals/ml-prediction.repository';
export * from './signals/signal.repository';
export * from './signals/signal.types';
export * from './storage.error';
export * from './training-runs/training-run.repository';
// for integration tests of every package (STYLE §13)
export * from './testing/alert-record.factory';
export * from './testing/test-database';
export * from './testing/test-object-storage';
export * from './monitoring/forecast-monitoring.repository';
