import { MarketDataError } from './market-data.error';

// Quote assets tried, longest first, when a symbol comes without a separator (`BTCUSDT`).
const KNOWN_QUOTES = [
  'FDUSD',
  'USDT',
  'USDC',
  'TUSD',
  'BUSD',
  'DAI',
  'EUR',
  'TRY',
  'BTC',
  'ETH',
  'BNB',
  'USD',
];
const PAIR = /^([A-Z0-9]{2,15})\/([A-Z0-9]{2,10})$/;

/**
 * Normalises `BTCUSDT`, `btc/usdt`, `BTC-USDT`, `BTC_USDT` and `BTC/USDT` to the ccxt unified form `BTC/USDT`.
 * Throws `MarketDataError('INVALID_SYMBOL')` naming the input when it cannot be read as a pair.
 */
export function normalizeSymbol(input: string): string {
  const raw = String(input ?? '')
    .trim()
    .toUpperCase();
  const separated = raw.replace(/[-_]/g, '/');
  if (PAIR.test(separated)) return separated;
  if (/^[A-Z0-9]+$/.test(raw)) {
    for (const quote of KNOWN_QUOTES) {
      if (raw.length > quote.length + 1 && raw.endsWith(quote)) {
        return `${raw.slice(0, -quote.length)}/${quote}`;
      }
    }
  }
  throw new MarketDataError(
    'INVALID_SYMBOL',
    `symbol "${input}" is not a trading pair such as BTC/USDT or BTCUSDT`,
  );
}

/** True when `input` can be normalised by {@link normalizeSymbol}. */
export function isTradingPair(input: unknown): boolean {
  if (typeof input !== 'string') return false;
  try {
    normalizeSymbol(input);
    return true;
  } catch {
    return false;
  }
}
