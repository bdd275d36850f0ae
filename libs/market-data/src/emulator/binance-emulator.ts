import type { Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { BinanceApiError, findMarket, toBinanceMarkets, type BinanceMarket } from './binance-market';
import { readRecordedMarket, type RecordedMarket } from '../recorded/recorded-market';
import { BinanceStreamFeed, STREAM_PATH, type StreamFeedOptions } from './binance-stream';

/**
 * What the failure switch makes the emulator answer instead of the real reply:
 * - `server-error`: 500/503 with Binance's `-1001` JSON body, 502/504 with a gateway's HTML page;
 * - `timeout`: no answer at all, until the client gives up (or the switch is cleared);
 * - `rate-limit`: 429 with `Retry-After` and `x-mbx-used-weight*` headers, code `-1003`;
 * - `ban`: 418, what Binance answers to a client that kept going after 429s.
 */
export type EmulatedFailure =
  | { kind: 'server-error'; status?: 500 | 502 | 503 | 504 }
  | { kind: 'timeout' }
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'ban'; retryAfterSeconds?: number };

export interface BinanceEmulatorOptions {
  markets: readonly RecordedMarket[];
  /** the exchange's clock for REST, epoch ms; candles after it are not served yet (default: real time) */
  now?: () => number;
  /** serve websocket market streams (ccxt.pro) playing the recordings on their own clock */
  stream?: StreamFeedOptions;
}

export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  /** HTTP status answered, or `timeout` */
  outcome: number | 'timeout';
}

const REQUEST_WEIGHT_LIMIT = 6000;
const CONTROL_PATH = '/__emulator';

/**
 * A local HTTP server answering the Binance spot public market endpoints ccxt calls
 * (`/api/v3/exchangeInfo`, `/api/v3/klines`, `/api/v3/ticker/24hr`, `/api/v3/time`, `/api/v3/ping`)
 * from recorded candles. Point ccxt at it with `exchangeApiOverrides(emulator.url)`. A failure switch,
 * in code (`failNext`) or over HTTP (`POST /__emulator/failures {kind, count}`), makes it fail on purpose.
 */
export class BinanceEmulator {
  private readonly logger = new Logger(BinanceEmulator.name);
  private readonly markets: Map<string, BinanceMarket>;
  private readonly sockets = new Set<Socket>();
  /** sockets whose request the failure switch left unanswered */
  private readonly hanging = new Set<Socket>();
  private readonly failures: Array<{ failure: EmulatedFailure; remaining: number }> = [];
  private server?: Server;
  private feed?: BinanceStreamFeed;
  private clock: () => number;
  readonly requests: RecordedRequest[] = [];

  constructor(private readonly options: BinanceEmulatorOptions) {
    this.markets = toBinanceMarkets(options.markets);
    this.clock = options.now ?? Date.now;
  }

  /** An emulator serving one recorded CSV file (SPEC §4 format). */
  static async fromCsv(
    file: string,
    market: { symbol: string; timeframe: string },
    options: Omit<BinanceEmulatorOptions, 'markets'> = {},
  ): Promise<BinanceEmulator> {
    return new BinanceEmulator({ ...options, markets: [await readRecordedMarket(file, market)] });
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the exchange emulator is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Base for ccxt.pro's websocket URLs (`wsBaseUrl` of the connection), when streams are served. */
  get wsUrl(): string {
    return `${this.url.replace(/^http/, 'ws')}${STREAM_PATH}`;
  }

  /** Market time of the websocket feed (undefined without one). */
  streamNow(): number | undefined {
    return this.feed?.marketNow();
  }

  get symbols(): string[] {
    return [...this.markets.values()].map((m) => m.symbol);
  }

  /** Starts listening on 127.0.0.1 (`port` 0: an ephemeral port); resolves once it accepts connections. */
  async start(port = 0): Promise<this> {
    const server = this.app().listen(port, '127.0.0.1');
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    if (this.options.stream) {
      const feed = new BinanceStreamFeed(this.markets, this.options.stream);
      this.feed = feed;
      server.on('upgrade', (request, socket, head) => {
        if (request.url?.startsWith(`${STREAM_PATH}/`)) feed.handleUpgrade(request, socket, head);
        else socket.destroy();
      });
    }
    this.server = server;
    this.logger.log(`Binance emulator on ${this.url} serving ${this.symbols.join(', ')}`);
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.feed?.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Drops every websocket connection abruptly, as a network failure would. */
  dropStreams(): void {
    this.feed?.dropConnections();
  }

  /** Moves the exchange clock (epoch ms, or a function of real time). */
  setNow(now: number | (() => number)): void {
    this.clock = typeof now === 'number' ? () => now : now;
  }

  /** The next `count` market requests fail as described (after any failures already queued). */
  failNext(failure: EmulatedFailure, count = 1): void {
    this.failures.push({ failure, remaining: count });
  }

  /** Every market request fails as described until {@link recover}. */
  failAlways(failure: EmulatedFailure): void {
    this.failures.push({ failure, remaining: Infinity });
  }

  /** Clears the failure switch and drops hanging requests. */
  recover(): void {
    this.failures.length = 0;
    for (const socket of this.hanging) socket.destroy();
    this.hanging.clear();
  }

  private app(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.use((req, res, next) => {
      if (req.path.startsWith('/api/')) res.on('finish', () => this.record(req, res.statusCode));
      next();
    });
    app.use(express.json());
    app.post(`${CONTROL_PATH}/failures`, (req, res) => {
      const { count, ...failure } = req.body as EmulatedFailure & { count?: number };
      if (count === undefined) this.failAlways(failure);
      else this.failNext(failure, count);
      res.status(204).end();
    });
    app.delete(`${CONTROL_PATH}/failures`, (_req, res) => {
      this.recover();
      res.status(204).end();
    });
    app.put(`${CONTROL_PATH}/clock`, (req, res) => {
      const { now } = req.body as { now?: number };
      this.setNow(typeof now === 'number' ? now : Date.now);
      res.status(204).end();
    });
    app.use('/api/v3', (req, res, next) => this.injectFailure(req, res, next));
    app.get('/api/v3/ping', (_req, res) => void res.json({}));
    app.get('/api/v3/time', (_req, res) => void res.json({ serverTime: this.clock() }));
    app.get('/api/v3/exchangeInfo', (req, res) => {
      const only = req.query['symbol']
        ? [findMarket(this.markets, req.query['symbol'])]
        : [...this.markets.values()];
      res.json({
        timezone: 'UTC',
        serverTime: this.clock(),
        rateLimits: [
          {
            rateLimitType: 'REQUEST_WEIGHT',
            interval: 'MINUTE',
            intervalNum: 1,
            limit: REQUEST_WEIGHT_LIMIT,
          },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
          { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
        ],
        exchangeFilters: [],
        symbols: only.map((m) => m.exchangeInfoSymbol()),
      });
    });
    app.get('/api/v3/klines', (req, res) => {
      const market = findMarket(this.markets, req.query['symbol']);
      if (typeof req.query['interval'] !== 'string') {
        throw new BinanceApiError(
          400,
          -1102,
          "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.",
        );
      }
      res.json(
        market.klines(
          req.query['interval'],
          {
            startTime: optionalInteger(req.query['startTime'], 'startTime'),
            endTime: optionalInteger(req.query['endTime'], 'endTime'),
            limit: optionalInteger(req.query['limit'], 'limit'),
          },
          this.clock(),
        ),
      );
    });
    app.get('/api/v3/ticker/24hr', (req, res) => {
      res.json(findMarket(this.markets, req.query['symbol']).ticker24h(this.clock()));
    });
    app.use((_req, res) => {
      res.status(404).type('text/html').send('<html><body><h1>404 Not Found</h1></body></html>');
    });
    app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof BinanceApiError) {
        res.status(error.status).json({ code: error.code, msg: error.message });
        return;
      }
      this.logger.error(`Emulator failed on ${req.originalUrl}: ${String(error)}`);
      res.status(500).json({ code: -1000, msg: 'An unknown error occurred while processing the request.' });
    });
    return app;
  }

  private injectFailure(req: Request, res: Response, next: NextFunction): void {
    const head = this.failures[0];
    if (!head) {
      res.setHeader('x-mbx-used-weight', '2').setHeader('x-mbx-used-weight-1m', '2');
      next();
      return;
    }
    if (--head.remaining <= 0) this.failures.shift();
    const { failure } = head;
    switch (failure.kind) {
      case 'timeout':
        this.record(req, 'timeout');
        this.hanging.add(req.socket);
        return;
      case 'server-error': {
        const status = failure.status ?? 503;
        if (status === 502 || status === 504) {
          res
            .status(status)
            .type('text/html')
            .send(`<html><body><h1>${status} Gateway error</h1></body></html>`);
        } else {
          res
            .status(status)
            .json({ code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
        }
        return;
      }
      case 'rate-limit':
      case 'ban': {
        const status = failure.kind === 'ban' ? 418 : 429;
        const retryAfter = failure.retryAfterSeconds ?? (failure.kind === 'ban' ? 120 : 1);
        res
          .status(status)
          .setHeader('Retry-After', String(retryAfter))
          .setHeader('x-mbx-used-weight', String(REQUEST_WEIGHT_LIMIT + 1))
          .setHeader('x-mbx-used-weight-1m', String(REQUEST_WEIGHT_LIMIT + 1))
          .json({
            code: -1003,
            msg:
              failure.kind === 'ban'
                ? `Way too many requests; IP(127.0.0.1) banned until ${this.clock() + retryAfter * 1000}. Please use the websocket for live updates to avoid bans.`
                : `Too many requests; current limit of IP(127.0.0.1) is ${REQUEST_WEIGHT_LIMIT} requests per minute. Please use the websocket for live updates to avoid polling the API.`,
          });
        return;
      }
    }
  }

  private record(req: Request, outcome: RecordedRequest['outcome']): void {
    const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)]));
    this.requests.push({ path: req.originalUrl.split('?')[0]!, query, outcome });
  }
}

function optionalInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || !/^-?\d+$/.test(value) || !Number.isSafeInteger(number)) {
    throw new BinanceApiError(
      400,
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
    );
  }
  return number;
}
