import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  status,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type ServerUnaryCall,
  type ServerWritableStream,
} from '@grpc/grpc-js';
import { isPriceTick } from '@crypto/messaging';
import {
  CHAMPION_MODEL,
  HeuristicSignalService,
  MarketCandleService,
  MlSignalService,
  SignalComparisonService,
  type CallSignal,
  type ChampionModelSource,
} from '@crypto/serving';
import type { CryptoServiceHandlers } from '../generated/crypto/CryptoService';
import type { HealthCheckResponse } from '../generated/crypto/HealthCheckResponse';
import type { PriceUpdate } from '../generated/crypto/PriceUpdate';
import type { StreamRequest__Output } from '../generated/crypto/StreamRequest';
import { GrpcMetrics } from '../grpc-metrics';
import type { LivePriceFeed } from '../streaming/live-price-feed';
import { PriceStream } from '../streaming/price-stream';
import { SymbolVolatility } from '../streaming/symbol-volatility';
import { toCandleQuery, toMlSignalQuery, toPriceStreamQuery, toSignalQuery } from './grpc-requests';
import {
  toCompareSignalsResponse,
  toMlPredictionResponse,
  toOhlcvResponse,
  toSignalResponse,
} from './grpc-responses';
import { statusName, toGrpcStatus } from './grpc-status';

export const LIVE_PRICE_FEED = Symbol('LIVE_PRICE_FEED');
/** the version HealthCheck reports */
export const SERVER_VERSION = Symbol('SERVER_VERSION');

/** Thrown into a use case whose caller has gone: it stops before persisting anything. */
class CallAbandonedError extends Error {
  constructor(method: string) {
    super(`${method}: the call was cancelled or its deadline passed`);
    this.name = 'CallAbandonedError';
  }
}

const deadlineOf = (call: ServerUnaryCall<unknown, unknown>): number => {
  const deadline = call.getDeadline();
  return deadline instanceof Date ? deadline.getTime() : deadline;
};

/**
 * CryptoService (SPEC §8) on the serving use cases REST and GraphQL call: each RPC validates its request
 * (REST's defaults and normalisation), calls one use case and maps the answer; failures leave as gRPC status
 * codes through one table ({@link toGrpcStatus}). A call whose deadline passes or that the client cancels
 * aborts its use case, which then persists nothing.
 */
@Injectable()
export class CryptoGrpcService {
  private readonly logger = new Logger('CryptoService');
  private readonly streams = new Set<{
    call: ServerWritableStream<unknown, unknown>;
    stop(code: string): void;
  }>();

  constructor(
    @Inject(MarketCandleService) private readonly candles: MarketCandleService,
    @Inject(HeuristicSignalService) private readonly heuristics: HeuristicSignalService,
    @Inject(MlSignalService) private readonly ml: MlSignalService,
    @Inject(SignalComparisonService) private readonly comparison: SignalComparisonService,
    @Inject(CHAMPION_MODEL) private readonly champion: ChampionModelSource,
    @Inject(LIVE_PRICE_FEED) private readonly feed: LivePriceFeed,
    @Inject(SymbolVolatility) private readonly volatility: SymbolVolatility,
    @Inject(GrpcMetrics) private readonly metrics: GrpcMetrics,
    @Inject(SERVER_VERSION) private readonly version: string,
  ) {}

  get activeStreams(): number {
    return this.streams.size;
  }

  handlers(): CryptoServiceHandlers {
    return {
      GetOHLCV: this.unary('GetOHLCV', async (request) => {
        const query = toCandleQuery(request);
        return toOhlcvResponse(await this.candles.latest(query, query.limit));
      }),
      GenerateSignal: this.unary('GenerateSignal', async (request, signal) =>
        toSignalResponse(await this.heuristics.generate(toSignalQuery(request), { signal })),
      ),
      GenerateMLPrediction: this.unary('GenerateMLPrediction', async (request, signal) =>
        toMlPredictionResponse(await this.ml.predict(toMlSignalQuery(request), { signal })),
      ),
      CompareSignals: this.unary('CompareSignals', async (request) => {
        const query = toCandleQuery(request);
        return toCompareSignalsResponse(await this.comparison.compare(query));
      }),
      HealthCheck: this.unary('HealthCheck', (): Promise<HealthCheckResponse> =>
        Promise.resolve({
          status: 'ok',
          ml_available: this.champion.info !== undefined,
          timestamp: new Date().toISOString(),
          version: this.version,
        }),
      ),
      StreamPrices: this.streamPrices,
    };
  }

  /**
   * Ends every open stream with UNAVAILABLE (a status the client can act on: reconnect elsewhere), not a
   * reset; called at shutdown before the server drains.
   */
  endStreams(reason: string): void {
    for (const stream of [...this.streams]) {
      stream.stop(statusName(status.UNAVAILABLE));
      stream.call.emit('error', { code: status.UNAVAILABLE, details: reason });
    }
  }

  private unary<Req, Res>(
    method: string,
    work: (request: Req, signal: CallSignal) => Promise<Res>,
  ): handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const started = performance.now();
      const done = (code: status) =>
        this.metrics.callHandled(method, statusName(code), (performance.now() - started) / 1000);
      const deadline = deadlineOf(call);
      // how a call ended that nobody waits for any more (grpc-js has answered the client itself)
      const abandoned = () => done(Date.now() >= deadline ? status.DEADLINE_EXCEEDED : status.CANCELLED);
      if (call.cancelled || Date.now() >= deadline) {
        // expired while queued: the work is not started
        abandoned();
        return;
      }
      // grpc-js sets `cancelled` when the deadline passes or the client cancels: read, not listened to, so a
      // call costs no AbortController and no listener (they were the largest item of ours in a CPU profile)
      const signal = {
        throwIfAborted: () => {
          if (call.cancelled) throw new CallAbandonedError(method);
        },
      };
      work(call.request, signal).then(
        (response) => {
          if (call.cancelled) return abandoned();
          done(status.OK);
          callback(null, response);
        },
        (error: unknown) => {
          if (call.cancelled) return abandoned();
          const failure = toGrpcStatus(error);
          if (failure.code === status.INTERNAL) {
            this.logger.error(`${method} failed: ${error instanceof Error ? error.stack : String(error)}`);
          } else if (failure.code === status.UNAVAILABLE) {
            this.logger.warn(`${method}: ${failure.details}`);
          }
          done(failure.code);
          callback(failure);
        },
      );
    };
  }

  private readonly streamPrices: handleServerStreamingCall<StreamRequest__Output, PriceUpdate> = (call) => {
    const started = performance.now();
    let query: ReturnType<typeof toPriceStreamQuery>;
    try {
      query = toPriceStreamQuery(call.request);
    } catch (error) {
      const failure = toGrpcStatus(error);
      this.metrics.callHandled('StreamPrices', statusName(failure.code), 0);
      call.emit('error', failure);
      return;
    }
    const stream = new PriceStream(
      query,
      call,
      (symbol) => this.volatility.lookup(symbol),
      () => this.metrics.updateSent(),
    );
    const unsubscribe = this.feed.subscribe((message) => {
      if (isPriceTick(message)) stream.offer(message);
      else if (message.closed) this.volatility.candleClosed(message.symbol);
    });
    const entry = {
      call: call as ServerWritableStream<unknown, unknown>,
      stop: (code: string) => {
        if (!this.streams.delete(entry)) return;
        unsubscribe();
        stream.close();
        this.metrics.streamClosed();
        this.metrics.callHandled('StreamPrices', code, (performance.now() - started) / 1000);
      },
    };
    this.streams.add(entry);
    this.metrics.streamOpened();
    call.on('drain', () => stream.drained());
    call.once('cancelled', () => entry.stop(statusName(status.CANCELLED)));
    call.once('close', () => entry.stop(statusName(status.OK)));
    // the latest price of each symbol asked for, at once: a client does not wait for the next tick
    const symbols = query.symbols.size > 0 ? [...query.symbols] : this.feed.symbols();
    for (const symbol of symbols) {
      const tick = this.feed.latestTick(symbol);
      if (tick) stream.offer(tick);
    }
  };
}
