import { MarketDataError } from './market-data.error';

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000, // ccxt counts a month as 30 days
  y: 31_536_000_000,
};

/** Duration of a ccxt timeframe (`1m`, `5m`, `1h`, `1d`, …) in milliseconds. */
export function timeframeToMs(timeframe: string): number {
  const match = /^(\d+)([smhdwMy])$/.exec(String(timeframe ?? '').trim());
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount <= 0) {
    throw new MarketDataError(
      'INVALID_TIMEFRAME',
      `timeframe "${timeframe}" is not a ccxt timeframe such as 1m, 1h or 1d`,
    );
  }
  return amount * UNIT_MS[match[2]!]!;
}
