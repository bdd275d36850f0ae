import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger } from '@nestjs/common';
import type { Candle } from '@crypto/candles';
import { WebSocketServer, type WebSocket } from 'ws';
import { DAY_MS, last24h, summarizeWindow } from '../recorded/trailing-day';
import { decimal, type BinanceMarket } from './binance-market';

/**
 * Market time of the websocket feed: `from` when the feed starts, then `speed` market ms per real ms
 * (3600: an hour of candles a second).
 */
export interface StreamFeedOptions {
  speed: number;
  /** epoch ms; default the start of the first recording */
  from?: number;
  /** kline pushes per candle (Binance pushes about every 2 s) */
  updatesPerCandle?: number;
}

/** Where ccxt.pro's binance spot websocket URLs are served: their path must contain `/stream` (ccxt tells spot by it). */
export const STREAM_PATH = '/stream';

/** Index of the last candle opening at or before `t` (binary search; -1 when none). */
function lastAtOrBefore(candles: readonly Candle[], t: number): number {
  let lo = 0;
  let hi = candles.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (candles[mid]!.ts <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * The candle at `fraction` (0..1] of its period: same open, close moved that far towards the final close,
 * high/low and volume grown in proportion, so OHLC stays consistent and equals the final candle at 1.
 */
export function partialCandle(c: Candle, fraction: number): Candle {
  const close = c.open + (c.close - c.open) * fraction;
  return {
    ts: c.ts,
    open: c.open,
    high: Math.max(c.open, close) + (c.high - Math.max(c.open, c.close)) * fraction,
    low: Math.min(c.open, close) - (Math.min(c.open, c.close) - c.low) * fraction,
    close,
    volume: c.volume * fraction,
  };
}

/**
 * The websocket side of the emulator: Binance spot market streams (`<symbol>@kline_<interval>`,
 * `<symbol>@ticker`) over `SUBSCRIBE` / `UNSUBSCRIBE`, playing the recorded candles on a market clock.
 * Each open candle is pushed `updatesPerCandle` times growing (`x: false`); when the clock passes its end it is
 * pushed once more final (`x: true`), as Binance does.
 */
export class BinanceStreamFeed {
  private readonly logger = new Logger(BinanceStreamFeed.name);
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly timers = new Map<WebSocket, Map<string, NodeJS.Timeout>>();
  private readonly startedAt = Date.now();
  private readonly from: number;

  constructor(
    private readonly markets: ReadonlyMap<string, BinanceMarket>,
    private readonly options: StreamFeedOptions,
  ) {
    this.from = options.from ?? [...markets.values()][0]!.candles[0]?.ts ?? 0;
  }

  /** Market time now on the feed's clock. */
  marketNow(): number {
    return this.from + (Date.now() - this.startedAt) * this.options.speed;
  }

  /** Takes over an HTTP upgrade request for a path under {@link STREAM_PATH}. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.timers.set(ws, new Map());
      ws.on('message', (data) => this.onMessage(ws, String(data)));
      ws.on('close', () => this.unsubscribeAll(ws));
    });
  }

  /** Drops every connection abruptly (no close frame): clients see the network fail. */
  dropConnections(): void {
    for (const ws of this.server.clients) ws.terminate();
  }

  close(): void {
    this.dropConnections();
    this.server.close();
  }

  private onMessage(ws: WebSocket, text: string): void {
    let request: { method?: string; params?: unknown; id?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' } }));
      return;
    }
    const streams = Array.isArray(request.params) ? request.params.map(String) : [];
    if (request.method === 'SUBSCRIBE') {
      const unknown = streams.find((s) => !this.publisher(s));
      if (unknown) {
        ws.send(
          JSON.stringify({
            error: { code: 2, msg: `Invalid request: unknown stream ${unknown}` },
            id: request.id,
          }),
        );
        return;
      }
      for (const stream of streams) this.subscribe(ws, stream);
    } else if (request.method === 'UNSUBSCRIBE') {
      for (const stream of streams) this.unsubscribe(ws, stream);
    } else {
      ws.send(
        JSON.stringify({
          error: { code: 1, msg: `Invalid request: unknown method ${request.method}` },
          id: request.id,
        }),
      );
      return;
    }
    ws.send(JSON.stringify({ result: null, id: request.id }));
  }

  private subscribe(ws: WebSocket, stream: string): void {
    const subscriptions = this.timers.get(ws);
    if (!subscriptions || subscriptions.has(stream)) return;
    const { publish, everyMs } = this.publisher(stream)!;
    const timer = setInterval(() => {
      if (ws.readyState === ws.OPEN) for (const event of publish()) ws.send(JSON.stringify(event));
    }, everyMs);
    subscriptions.set(stream, timer);
    this.logger.debug(`Streaming ${stream}`);
  }

  private unsubscribe(ws: WebSocket, stream: string): void {
    clearInterval(this.timers.get(ws)?.get(stream));
    this.timers.get(ws)?.delete(stream);
  }

  private unsubscribeAll(ws: WebSocket): void {
    for (const timer of this.timers.get(ws)?.values() ?? []) clearInterval(timer);
    this.timers.delete(ws);
  }

  /** What a stream pushes at each tick, and how often; undefined for a stream the emulator cannot serve. */
  private publisher(stream: string): { publish: () => object[]; everyMs: number } | undefined {
    const match = /^([a-z0-9]+)@(?:kline_(\w+)|(ticker|miniTicker))$/.exec(stream);
    const market = match ? this.markets.get(match[1]!.toUpperCase()) : undefined;
    if (!match || !market) return undefined;
    const stepMs = market.recordedMs;
    const everyMs = Math.max(5, stepMs / this.options.speed / (this.options.updatesPerCandle ?? 4));
    if (match[3]) return { everyMs, publish: () => this.tickerEvents(market, match[3] === 'miniTicker') };
    const series = market.seriesFor(match[2]!);
    if (!series) return undefined;
    const { candles, stepMs: seriesStepMs } = series;
    const kline = (candle: Candle, fraction: number, now: number) =>
      this.klineEvent(market, match[2]!, seriesStepMs, candle, fraction, now);
    // index of the candle last pushed open and not yet pushed final
    let pending: number | undefined;
    return {
      everyMs: Math.max(5, seriesStepMs / this.options.speed / (this.options.updatesPerCandle ?? 4)),
      publish: () => {
        const now = this.marketNow();
        const events: object[] = [];
        for (
          let i = pending ?? candles.length;
          i < candles.length && candles[i]!.ts + seriesStepMs <= now;
          i++
        ) {
          events.push(kline(candles[i]!, 1, now));
        }
        const index = lastAtOrBefore(candles, now);
        const current = candles[index];
        if (current && current.ts + seriesStepMs > now) {
          events.push(kline(current, (now - current.ts) / seriesStepMs, now));
          pending = index;
        } else {
          pending = undefined;
        }
        return events;
      },
    };
  }

  private klineEvent(
    market: BinanceMarket,
    interval: string,
    stepMs: number,
    candle: Candle,
    fraction: number,
    now: number,
  ): object {
    const c = fraction >= 1 ? candle : partialCandle(candle, fraction);
    return {
      e: 'kline',
      E: Math.round(now),
      s: market.id,
      k: {
        t: c.ts,
        T: c.ts + stepMs - 1,
        s: market.id,
        i: interval,
        f: 0,
        L: 0,
        o: decimal(c.open),
        c: decimal(c.close),
        h: decimal(c.high),
        l: decimal(c.low),
        v: decimal(c.volume),
        n: 0,
        x: fraction >= 1,
        q: decimal(c.volume * c.close),
        V: '0',
        Q: '0',
        B: '0',
      },
    };
  }

  /** `24hrTicker`, or the `24hrMiniTicker` subset (ccxt's default for watchTicker). */
  private tickerEvents(market: BinanceMarket, mini: boolean): object[] {
    const now = this.marketNow();
    const window = last24h(market.candles, now);
    const open = window.at(-1);
    if (!open) return [];
    // the candle still open counts as far as it has come, not with its final values
    if (open.ts + market.recordedMs > now)
      window[window.length - 1] = partialCandle(open, (now - open.ts) / market.recordedMs);
    const day = summarizeWindow(window);
    const full = {
      e: '24hrTicker',
      E: Math.round(now),
      s: market.id,
      p: decimal(day.close - day.open),
      P: day.changePct.toFixed(3),
      w: decimal(day.volume ? day.quoteVolume / day.volume : day.close),
      x: decimal(day.open),
      c: decimal(day.close),
      Q: '0',
      b: decimal(day.close),
      B: '0',
      a: decimal(day.close),
      A: '0',
      o: decimal(day.open),
      h: decimal(day.high),
      l: decimal(day.low),
      v: decimal(day.volume),
      q: decimal(day.quoteVolume),
      O: Math.round(now) - DAY_MS,
      C: Math.round(now),
      F: 0,
      L: 0,
      n: day.count,
    };
    if (!mini) return [full];
    const { E, s, c, o, h, l, v, q } = full;
    return [{ e: '24hrMiniTicker', E, s, c, o, h, l, v, q }];
  }
}
