import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_CANDLE_WINDOW } from '@crypto/serving';
import {
  IsExchangeId,
  IsTimeframe,
  IsTradingPair,
  toExchangeId,
  toInteger,
  toSymbol,
} from './dto-validation';

// JS `String.prototype.trim`'s whitespace (WhiteSpace and LineTerminator), spelled out: `\s` differs
// between regex engines (Python's includes U+001C–U+001F), and clients check the pattern in theirs.
const TRIMMED = '[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*';
const ALNUM = '[A-Za-z0-9]';
// `normalizeSymbol`'s quote assets (libs/candles), for a pair written without a separator; case-insensitive
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'TUSD', 'BUSD', 'DAI', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB', 'USD'];
const anyCase = (word: string): string => [...word].map((c) => `[${c}${c.toLowerCase()}]`).join('');

/** A whole-string pattern for text the gateway trims before reading it. */
export const trimmedPattern = (core: string): string => `^${TRIMMED}${core}${TRIMMED}$`;

/**
 * What `normalizeSymbol` reads as a pair, as an ECMA-262 / JSON Schema pattern (no flags: the case is in the
 * classes): `BASE/QUOTE`, `BASE-QUOTE`, `BASE_QUOTE` (2–15 and 2–10 letters or digits), or `BASEQUOTE` ending
 * in a known quote asset, any case, surrounding whitespace ignored. Whether the exchange lists the market is
 * known only when asked (a 400 naming `symbol`).
 */
export const SYMBOL_PATTERN = trimmedPattern(
  `(?:${ALNUM}{2,15}[-_/]${ALNUM}{2,10}|${ALNUM}{2,}(?:${QUOTES.map(anyCase).join('|')}))`,
);

/** What `timeframeToMs` reads: a positive whole number and a ccxt unit, surrounding whitespace ignored. */
export const TIMEFRAME_PATTERN = trimmedPattern('0*[1-9][0-9]*[smhdwMy]');

/** The market of a request: SPEC §8 `symbol`, `exchange`, `timeframe`, with the prototype's defaults. */
export class MarketDto {
  @ApiPropertyOptional({
    description: 'Trading pair as `BTCUSDT`, `btc/usdt`, `BTC-USDT` or `BTC/USDT`; answered as `BTC/USDT`',
    default: 'BTCUSDT',
    example: 'BTCUSDT',
    pattern: SYMBOL_PATTERN,
  })
  @Transform(toSymbol)
  @IsTradingPair()
  symbol: string = 'BTCUSDT';

  @ApiPropertyOptional({
    description: 'ccxt exchange id (any case)',
    default: 'binance',
    example: 'binance',
  })
  @Transform(toExchangeId)
  @IsExchangeId()
  exchange: string = 'binance';

  @ApiPropertyOptional({
    description: 'ccxt timeframe (`1m`, `5m`, `1h`, `1d`, …) the exchange offers',
    default: '1h',
    example: '1h',
    pattern: TIMEFRAME_PATTERN,
  })
  @IsTimeframe()
  timeframe: string = '1h';
}

/** A market and how many of its latest closed candles to use. */
export class MarketQueryDto extends MarketDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `closed candles to use, 1 … ${MAX_CANDLE_WINDOW}`,
    default: 200,
    minimum: 1,
    maximum: MAX_CANDLE_WINDOW,
    example: 200,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_CANDLE_WINDOW)
  @IsInt()
  limit: number = 200;
}
