import { normalizeSymbol, timeframeToMs } from '@crypto/candles';
import { assertExchangeId } from '@crypto/market-data';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * A class-validator decorator from a domain check that throws with a message naming the field
 * (`symbol "X" is not a trading pair …`): the DTO rejects what the domain would, in the domain's words.
 */
function domainCheck(name: string, check: (value: string) => unknown): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            check(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: ({ value, property }: ValidationArguments) => {
          if (typeof value !== 'string') return `${property} must be a string`;
          try {
            check(value);
            return `${property} is invalid`;
          } catch (error) {
            return (error as Error).message;
          }
        },
      },
    });
  };
}

/** `BTCUSDT`, `btc/usdt`, `BTC-USDT`, `BTC/USDT` (normalised to `BTC/USDT` by {@link toSymbol}). */
export const IsTradingPair = (): PropertyDecorator => domainCheck('isTradingPair', normalizeSymbol);
/** a ccxt timeframe: `1m`, `5m`, `1h`, `1d`, … */
export const IsTimeframe = (): PropertyDecorator => domainCheck('isTimeframe', timeframeToMs);
/** a ccxt exchange id: `binance`, `kraken`, … */
export const IsExchangeId = (): PropertyDecorator => domainCheck('isExchangeId', assertExchangeId);

// Transforms for class-transformer's @Transform: query strings arrive as text, and the prototype's clients
// (pydantic) could send "200" or "true" in JSON too. Anything else is left as it came, for the validator to name.

/** `"200"` → 200 */
export const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;

type TransformParams = { value: unknown };

/**
 * A JSON `null` reads as the field left out (an optional field the document declares `nullable`), then
 * `transform` (the identity by default) reads the rest: the controller sees `undefined`, never `null`.
 */
export const nullAsAbsent =
  (transform: (params: TransformParams) => unknown = ({ value }) => value) =>
  (params: TransformParams): unknown =>
    params.value === null ? undefined : transform(params);

/** `"true"` / `"false"` → true / false */
export const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `btc/usdt` → `BTC/USDT` when it reads as a pair */
export const toSymbol = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return normalizeSymbol(value);
  } catch {
    return value;
  }
};

/** `Binance ` → `binance` */
export const toExchangeId = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
