import type { MonitoredMarket } from '@crypto/storage';

/** `binance:BTC/USDT@1h,binance:ETH/USDT@1h` (MONITOR_MARKETS, checked by the env) as markets. */
export function parseMonitoredMarkets(text: string): MonitoredMarket[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [exchange, rest] = entry.split(':') as [string, string];
      const [symbol, timeframe] = rest.split('@') as [string, string];
      return { exchange, symbol, timeframe };
    });
}

/** `7,30` (MONITOR_WINDOWS_DAYS) as days, in the order given. */
export const parseWindowsDays = (text: string): number[] =>
  text.split(',').map((days) => Number(days.trim()));
