import type { AlertRecord } from '@crypto/storage';
import type { AlertDto } from './alerts.responses';

export const toAlertResponse = (alert: AlertRecord): AlertDto => ({
  type: alert.type,
  symbol: alert.symbol,
  timeframe: alert.timeframe,
  value: alert.value,
  threshold: alert.threshold,
  severity: alert.severity,
  message: alert.message,
  timestamp: alert.timestamp,
  ts: alert.ts,
});
