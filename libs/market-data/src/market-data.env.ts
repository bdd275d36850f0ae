import { resolve } from 'node:path';
import { MarketDataError, normalizeSymbol, timeframeToMs } from '@crypto/candles';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
} from 'class-validator';

const url = { require_tld: false, protocols: ['http', 'https'] };

/** `auto` is decided at start-up by one reachability probe of the exchange (`resolveMarketDataMode`). */
export const MARKET_DATA_MODES = ['auto', 'exchange', 'offline'] as const;
/** `auto` follows the mode: `live` against the exchange, `replay` offline. */
export const STREAM_SOURCES = ['auto', 'live', 'replay'] as const;

/**
 * Market-data settings of an app (STYLE §5), read with `loadEnv(MarketDataEnv)` from `@crypto/config`
 * (or mixed into an app's env class).
 *
 * Offline mode (`MARKET_DATA_MODE=offline`): no exchange is contacted; an in-process Binance emulator
 * serves the `RECORDED_MARKETS` files and ccxt is pointed at it, so ingestion and every REST read work
 * without internet; live streams (ccxt.pro) get the emulator's websocket feed, playing the recordings at
 * `REPLAY_SPEED` from `REPLAY_FROM`. `auto` (the default) probes the exchange once at start-up and picks
 * `exchange` when it answers, `offline` when it does not (`resolveMarketDataMode`).
 */
export class MarketDataEnv {
  @IsIn(MARKET_DATA_MODES)
  MARKET_DATA_MODE: string = 'auto';

  /**
   * what `auto` probes, a 2xx answer meaning reachable; default `<EXCHANGE_BASE_URL>/api/v3/ping` when that
   * is set, else Binance's public ping (`https://api.binance.com/api/v3/ping`)
   */
  @IsOptional()
  @IsUrl(url)
  EXCHANGE_PROBE_URL?: string;

  /** how long `auto` waits for the probe's answer, ms; no answer in time means offline */
  @IsInt()
  @Min(100)
  @Max(30_000)
  EXCHANGE_PROBE_TIMEOUT_MS: number = 2_500;

  /** sends every ccxt REST request to this origin instead of the exchange's (e.g. a separately run emulator) */
  @IsOptional()
  @IsUrl(url)
  EXCHANGE_BASE_URL?: string;

  @IsInt()
  @Min(100)
  @Max(120_000)
  EXCHANGE_TIMEOUT_MS: number = 10_000;

  /** retries after the first attempt of each exchange request */
  @IsInt()
  @Min(0)
  @Max(10)
  EXCHANGE_RETRIES: number = 4;

  /** `SYMBOL@TIMEFRAME=FILE`, comma-separated; files in the SPEC §4 CSV format, paths from the working directory */
  @IsString()
  @IsNotEmpty()
  RECORDED_MARKETS: string = 'BTC/USDT@1h=../shared/data/btcusdt-1h.csv';

  @IsIn(STREAM_SOURCES)
  STREAM_SOURCE: string = 'auto';

  /** replay speed factor: 3600 plays 1h candles one per second; 0 or Infinity as fast as possible */
  @IsNumber({ allowInfinity: true, allowNaN: false })
  @Min(0)
  REPLAY_SPEED: number = 3600;

  /** where replays (and the offline websocket feed) start, ISO-8601; default the start of the recording */
  @IsOptional()
  @IsISO8601()
  REPLAY_FROM?: string;
}

export interface RecordedMarketFile {
  symbol: string;
  timeframe: string;
  /** absolute path */
  file: string;
}

/** Reads `RECORDED_MARKETS` (`BTC/USDT@1h=path,ETH/USDT@1h=path`), naming the entry that is wrong. */
export function parseRecordedMarkets(spec: string, cwd = process.cwd()): RecordedMarketFile[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^([^@=]+)@([^=]+)=(.+)$/.exec(entry);
      if (!match) {
        throw new MarketDataError(
          'INVALID_CANDLES',
          `RECORDED_MARKETS entry "${entry}" is not SYMBOL@TIMEFRAME=FILE`,
        );
      }
      const [, symbol, timeframe, file] = match as unknown as [string, string, string, string];
      timeframeToMs(timeframe.trim());
      return {
        symbol: normalizeSymbol(symbol),
        timeframe: timeframe.trim(),
        file: resolve(cwd, file.trim()),
      };
    });
}
