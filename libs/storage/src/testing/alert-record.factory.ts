import type { AlertRecord } from '../alerts/alert.repository';

const HOUR_MS = 3_600_000;

/**
 * An alert record for tests (STYLE §12): BTC/USDT 1h entering the turbulent regime on the candle opened at
 * `ts` (default 2025-10-06T00:00Z), produced 1.234 s after that candle closed, unless told otherwise.
 */
export function alertRecord(overrides: Partial<AlertRecord> = {}): AlertRecord {
  const ts = overrides.ts ?? Date.UTC(2025, 9, 6);
  return {
    type: 'high_volatility',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    value: 0.0182,
    threshold: 0.015,
    severity: 'high',
    message: 'BTC/USDT 1h: vol24 0.0182 entered the turbulent regime (≥ 0.015)',
    timestamp: ts + HOUR_MS + 1_234,
    ...overrides,
    ts,
  };
}
