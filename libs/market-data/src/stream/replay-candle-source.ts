import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import {
  MarketDataError,
  normalizeSymbol,
  timeframeToMs,
  type Candle,
  type MarketKey,
} from '@crypto/candles';
import { readRecordedMarket, type RecordedMarket } from '../recorded/recorded-market';
import { DAY_MS, last24h, summarizeWindow } from '../recorded/trailing-day';
import { pause, type CandleStreamSource, type MarketStreamRequest, type MarketUpdate } from './market-stream';

export interface ReplayOptions {
  /**
   * Playback speed relative to market time: 3600 plays 1h candles one per second, 1 in real time;
   * `Infinity` or 0 as fast as the consumer takes them.
   */
  speed: number;
  /** first candle played (epoch ms, inclusive); default the start of the recording */
  from?: number;
  /** end of the playback (epoch ms, exclusive); default the end of the recording */
  to?: number;
  /** injectable wait, for tests */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

// as-fast-as-possible playback lets other I/O run every this many candles
const YIELD_EVERY = 500;

/**
 * Plays recorded candles as if live (SPEC §4): each candle arrives closed, one timeframe after the previous
 * one divided by the speed factor, preceded by a ticker update (last price, 24h change and volume over the
 * recording up to that candle's close). Market time is the recording's: timestamps are not shifted.
 */
export class ReplayCandleSource implements CandleStreamSource {
  readonly kind = 'replay';
  private readonly logger = new Logger(ReplayCandleSource.name);
  private readonly recordings: RecordedMarket[];

  constructor(
    recordings: readonly RecordedMarket[],
    private readonly options: ReplayOptions,
  ) {
    if (!(options.speed >= 0))
      throw new RangeError(`replay speed must be a positive factor, Infinity or 0, not ${options.speed}`);
    this.recordings = recordings.map((r) => ({
      ...r,
      symbol: normalizeSymbol(r.symbol),
      candles: [...r.candles].sort((a, b) => a.ts - b.ts),
    }));
  }

  static async fromCsv(
    file: string,
    market: { symbol: string; timeframe: string },
    options: ReplayOptions,
  ): Promise<ReplayCandleSource> {
    return new ReplayCandleSource([await readRecordedMarket(file, market)], options);
  }

  async *stream(request: MarketStreamRequest, signal?: AbortSignal): AsyncGenerator<MarketUpdate> {
    const { market, candles } = this.select(request);
    const stepMs = timeframeToMs(market.timeframe);
    const perDay = Math.ceil(DAY_MS / stepMs);
    const speed = this.options.speed === 0 ? Infinity : this.options.speed;
    const wait = this.options.wait ?? pause;
    const first = candles.findIndex((c) => c.ts >= (this.options.from ?? -Infinity));
    const end = this.options.to ?? Infinity;
    this.logger.log(
      `Replaying ${market.symbol} ${market.timeframe} at ${speed}x from ${first >= 0 ? new Date(candles[first]!.ts).toISOString() : 'nowhere'}`,
    );
    let played = 0;
    for (let i = Math.max(first, 0); first >= 0 && i < candles.length && candles[i]!.ts < end; i++) {
      const candle = candles[i]!;
      if (played > 0) {
        if (speed !== Infinity) await wait((candle.ts - candles[i - 1]!.ts) / speed, signal);
        else if (played % YIELD_EVERY === 0) await yieldToEventLoop();
      }
      if (signal?.aborted) return;
      if (request.tickers !== false) {
        const closeTime = candle.ts + stepMs - 1;
        const day = summarizeWindow(last24h(candles.slice(Math.max(0, i + 1 - perDay), i + 1), closeTime));
        yield {
          type: 'ticker',
          market,
          ticker: {
            symbol: market.symbol,
            price: day.close,
            change24hPct: day.changePct,
            volume24h: day.volume,
            timestamp: closeTime,
          },
        };
      }
      yield { type: 'candle', market, candle, closed: true };
      played++;
    }
    this.logger.log(`Replay of ${market.symbol} ${market.timeframe} over after ${played} candles`);
  }

  async close(): Promise<void> {}

  private select(request: MarketStreamRequest): { market: MarketKey; candles: Candle[] } {
    const symbol = normalizeSymbol(request.symbol);
    const ofSymbol = this.recordings.filter((r) => r.symbol === symbol);
    if (ofSymbol.length === 0) {
      throw new MarketDataError(
        'UNKNOWN_SYMBOL',
        `no recording of ${symbol} to replay (recorded: ${this.recordings.map((r) => r.symbol).join(', ')})`,
      );
    }
    const recording = ofSymbol.find((r) => r.timeframe === request.timeframe);
    if (!recording) {
      throw new MarketDataError(
        'UNSUPPORTED_TIMEFRAME',
        `${symbol} is recorded as ${ofSymbol.map((r) => r.timeframe).join(', ')}, not ${request.timeframe}`,
      );
    }
    return {
      market: { exchange: request.exchange, symbol, timeframe: recording.timeframe },
      candles: recording.candles as Candle[],
    };
  }
}
