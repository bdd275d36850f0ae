import { MarketDataError, normalizeSymbol, timeframeToMs, type Candle } from '@crypto/candles';
import type { RecordedMarket } from '../recorded/recorded-market';
import { DAY_MS, last24h, summarizeWindow } from '../recorded/trailing-day';

/** Binance kline row: open time, OHLCV as decimal strings, close time, quote volume, trades, taker volumes. */
export type BinanceKline = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

/** Intervals Binance spot accepts (`GET /api/v3/klines`, `interval`). */
export const BINANCE_INTERVALS = [
  '1s',
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
];

/** A Binance API error answer: HTTP status and its `{code, msg}` body. */
export class BinanceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Binance sends prices and quantities as decimal strings. */
export const decimal = (value: number): string => String(value);

/**
 * The exchange side of the emulator, without HTTP: recorded candles of one symbol, served in Binance spot's
 * public formats (klines, 24h ticker, exchange info) as of a clock, so candles after `now` do not exist yet
 * and the candle containing `now` is still open.
 */
export class BinanceMarket {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly recordedMs: number;
  private readonly recorded: Candle[];
  private readonly aggregated = new Map<number, Candle[]>();

  constructor(market: RecordedMarket) {
    const unified = normalizeSymbol(market.symbol);
    [this.base, this.quote] = unified.split('/') as [string, string];
    this.id = `${this.base}${this.quote}`;
    this.recordedMs = timeframeToMs(market.timeframe);
    this.recorded = [...market.candles].sort((a, b) => a.ts - b.ts);
    this.aggregated.set(this.recordedMs, this.recorded);
  }

  /** ascending, as recorded */
  get candles(): readonly Candle[] {
    return this.recorded;
  }

  /** The candles of `interval` (recorded or aggregated), or undefined when it cannot be served. */
  seriesFor(interval: string): { candles: readonly Candle[]; stepMs: number } | undefined {
    try {
      const stepMs = this.intervalMs(interval);
      return { candles: this.series(stepMs), stepMs };
    } catch {
      return undefined;
    }
  }

  get symbol(): string {
    return `${this.base}/${this.quote}`;
  }

  /**
   * Binance `klines` paging: with `startTime`, the first `limit` candles opening at or after it; with only
   * `endTime`, the last `limit` candles opening at or before it; with neither, the latest `limit`.
   * Candles opening after `now` are not served; the one containing `now` is served as still open, its volume
   * scaled by the elapsed fraction so a later fetch sees it change.
   */
  klines(
    interval: string,
    { startTime, endTime, limit = 500 }: { startTime?: number; endTime?: number; limit?: number },
    now: number,
  ): BinanceKline[] {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new BinanceApiError(400, -1130, "Data sent for parameter 'limit' is not valid.");
    }
    if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
      throw new BinanceApiError(400, -1023, 'Start time is greater than end time.');
    }
    const stepMs = this.intervalMs(interval);
    const series = this.series(stepMs);
    const last = Math.min(endTime ?? Infinity, now);
    const visible = series.filter((c) => c.ts <= last && (startTime === undefined || c.ts >= startTime));
    const page = startTime === undefined ? visible.slice(-limit) : visible.slice(0, limit);
    return page.map((c) => this.toKline(c, stepMs, now));
  }

  /**
   * Rolling 24h statistics (`GET /api/v3/ticker/24hr`, FULL form) at `now`, or at the end of the recording
   * when `now` is later (a replayed market still has a last price).
   */
  ticker24h(now: number): Record<string, string | number> {
    const lastCandle = this.recorded.findLast((c) => c.ts <= now);
    if (!lastCandle) throw new BinanceApiError(400, -1121, 'Invalid symbol.');
    const asOf = Math.min(now, lastCandle.ts + this.recordedMs - 1);
    const day = summarizeWindow(last24h(this.recorded, asOf));
    return {
      symbol: this.id,
      priceChange: decimal(day.close - day.open),
      priceChangePercent: day.changePct.toFixed(3),
      weightedAvgPrice: decimal(day.volume ? day.quoteVolume / day.volume : day.close),
      prevClosePrice: decimal(day.open),
      lastPrice: decimal(day.close),
      lastQty: '0.00100000',
      bidPrice: decimal(day.close),
      bidQty: '1.00000000',
      askPrice: decimal(day.close),
      askQty: '1.00000000',
      openPrice: decimal(day.open),
      highPrice: decimal(day.high),
      lowPrice: decimal(day.low),
      volume: decimal(day.volume),
      quoteVolume: decimal(day.quoteVolume),
      openTime: asOf - DAY_MS,
      closeTime: asOf,
      firstId: 1,
      lastId: day.count,
      count: day.count,
    };
  }

  /** One `symbols[]` entry of `GET /api/v3/exchangeInfo`, with the fields ccxt's parseMarket reads. */
  exchangeInfoSymbol(): Record<string, unknown> {
    return {
      symbol: this.id,
      status: 'TRADING',
      baseAsset: this.base,
      baseAssetPrecision: 8,
      quoteAsset: this.quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true,
      ocoAllowed: true,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: true,
      cancelReplaceAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        {
          filterType: 'PRICE_FILTER',
          minPrice: '0.01000000',
          maxPrice: '1000000.00000000',
          tickSize: '0.01000000',
        },
        { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
        {
          filterType: 'NOTIONAL',
          minNotional: '5.00000000',
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
        },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    };
  }

  /**
   * Intervals served: the recorded one and its multiples up to a day (bucketed on UTC epoch multiples, as
   * Binance does for those). Finer ones, and 3d / 1w / 1M (aligned differently), cannot be derived.
   */
  private intervalMs(interval: string): number {
    if (!BINANCE_INTERVALS.includes(interval)) throw new BinanceApiError(400, -1120, 'Invalid interval.');
    const stepMs = timeframeToMs(interval);
    if (stepMs % this.recordedMs !== 0 || stepMs > DAY_MS) {
      throw new BinanceApiError(
        400,
        -1120,
        `Invalid interval. (emulator: ${interval} cannot be derived from the recorded ${this.recordedMs / 60_000}m candles)`,
      );
    }
    return stepMs;
  }

  private series(stepMs: number): Candle[] {
    let series = this.aggregated.get(stepMs);
    if (!series) {
      series = [];
      for (const c of this.recorded) {
        const bucket = c.ts - (c.ts % stepMs);
        const current = series.at(-1);
        if (current?.ts === bucket) {
          current.high = Math.max(current.high, c.high);
          current.low = Math.min(current.low, c.low);
          current.close = c.close;
          current.volume += c.volume;
        } else {
          series.push({ ...c, ts: bucket });
        }
      }
      this.aggregated.set(stepMs, series);
    }
    return series;
  }

  private toKline(c: Candle, stepMs: number, now: number): BinanceKline {
    const closeTime = c.ts + stepMs - 1;
    const elapsed = closeTime < now ? 1 : (now - c.ts) / stepMs;
    const volume = c.volume * elapsed;
    return [
      c.ts,
      decimal(c.open),
      decimal(c.high),
      decimal(c.low),
      decimal(c.close),
      decimal(volume),
      closeTime,
      decimal(volume * c.close),
      0,
      '0',
      '0',
      '0',
    ];
  }
}

/** Looks up a market by Binance id (`BTCUSDT`), answering like Binance for an unknown one. */
export function findMarket(markets: ReadonlyMap<string, BinanceMarket>, id: unknown): BinanceMarket {
  const market = typeof id === 'string' ? markets.get(id.toUpperCase()) : undefined;
  if (!market) {
    if (id === undefined)
      throw new BinanceApiError(
        400,
        -1102,
        "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
      );
    throw new BinanceApiError(400, -1121, 'Invalid symbol.');
  }
  return market;
}

export function toBinanceMarkets(markets: readonly RecordedMarket[]): Map<string, BinanceMarket> {
  if (markets.length === 0)
    throw new MarketDataError(
      'INSUFFICIENT_DATA',
      'the exchange emulator needs at least one recorded market',
    );
  return new Map(markets.map((m) => new BinanceMarket(m)).map((m) => [m.id, m]));
}
