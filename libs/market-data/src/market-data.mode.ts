import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { Logger } from '@nestjs/common';
import type { MarketDataEnv } from './market-data.env';
import type { CandleStreamSource } from './stream/market-stream';

export type MarketDataMode = 'exchange' | 'offline';
export type StreamSourceKind = CandleStreamSource['kind'];

/** How the market data of a process was decided at start-up. */
export interface MarketDataResolution {
  mode: MarketDataMode;
  streamSource: StreamSourceKind;
  /** `configured`: MARKET_DATA_MODE named the mode; `probe`: it was `auto`, the probe decided */
  decidedBy: 'configured' | 'probe';
  /** why, e.g. `exchange unreachable (getaddrinfo ENOTFOUND api.binance.com)` or `MARKET_DATA_MODE=offline` */
  reason: string;
  /** what was probed (`auto` only) */
  probeUrl?: string;
}

/** A {@link MarketDataEnv} with `auto` replaced by what it resolved to, and how that was decided. */
export interface ResolvedMarketDataEnv extends MarketDataEnv {
  MARKET_DATA_MODE: MarketDataMode;
  STREAM_SOURCE: StreamSourceKind;
  readonly resolution: MarketDataResolution;
}

/** Resolves when `url` answers with a 2xx within `timeoutMs`; rejects saying why not. */
export type ExchangeProbe = (url: string, timeoutMs: number) => Promise<void>;

/** Binance's public REST ping: no key, weight 1, `{}` */
export const DEFAULT_EXCHANGE_PROBE_URL = 'https://api.binance.com/api/v3/ping';

/** `EXCHANGE_PROBE_URL`, else the ping of `EXCHANGE_BASE_URL` (where ccxt is sent), else Binance's. */
export function exchangeProbeUrl(
  env: Pick<MarketDataEnv, 'EXCHANGE_PROBE_URL' | 'EXCHANGE_BASE_URL'>,
): string {
  if (env.EXCHANGE_PROBE_URL) return env.EXCHANGE_PROBE_URL;
  if (env.EXCHANGE_BASE_URL) return new URL('/api/v3/ping', env.EXCHANGE_BASE_URL).toString();
  return DEFAULT_EXCHANGE_PROBE_URL;
}

/**
 * Node's message, or for a connection tried on several addresses (IPv6 and IPv4) each one's. Duck-typed:
 * errors of Node's own modules need not be instances of this realm's `Error` (jest runs tests in a vm).
 */
const describeError = (error: unknown): string => {
  if (typeof error !== 'object' || error === null) return String(error);
  const { errors, message, code, name } = error as Partial<AggregateError & NodeJS.ErrnoException>;
  if (Array.isArray(errors) && errors.length > 0) return [...new Set(errors.map(describeError))].join(', ');
  return message || code || name || String(error);
};

/**
 * One GET without keep-alive (nothing stays open after start-up), the body discarded. DNS failures, refused
 * connections, TLS errors and no answer within `timeoutMs` reject, as does any status outside 2xx (Binance
 * answers 451 from restricted locations, 418 to banned addresses).
 */
export const probeExchange: ExchangeProbe = (url, timeoutMs) =>
  new Promise<void>((resolve, reject) => {
    const target = new URL(url);
    const get = target.protocol === 'https:' ? httpsGet : httpGet;
    const request = get(target, { agent: false, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve();
      else reject(new Error(`${target.host} answered ${status}`));
    });
    request.on('error', (error) =>
      reject(
        error.name === 'AbortError'
          ? new Error(`no answer from ${target.host} within ${timeoutMs} ms`)
          : new Error(describeError(error)),
      ),
    );
  });

export const isResolvedMarketDataEnv = (env: MarketDataEnv): env is ResolvedMarketDataEnv =>
  'resolution' in env;

const MODE_EFFECT: Record<MarketDataMode, string> = {
  exchange: 'using the exchange',
  offline: 'serving the recorded markets offline',
};

const streamEffect = ({ mode, streamSource }: MarketDataResolution): string =>
  streamSource === 'replay'
    ? 'streams replay the recorded candles'
    : mode === 'exchange'
      ? "streams watch the exchange's websockets"
      : "streams watch the in-process emulator's websocket feed";

/**
 * Replaces `MARKET_DATA_MODE=auto` and `STREAM_SOURCE=auto` by concrete values, once per process: `auto`
 * probes the exchange (`exchangeProbeUrl(env)`, within `EXCHANGE_PROBE_TIMEOUT_MS`) and picks `exchange`
 * when it answers, `offline` when it does not; `STREAM_SOURCE=auto` is `live` against the exchange and
 * `replay` offline. Explicit values are kept and probe nothing; an env already resolved is returned as it is.
 * Logs one line saying what was chosen and why.
 */
export async function resolveMarketDataMode(
  env: MarketDataEnv,
  probe: ExchangeProbe = probeExchange,
  logger: Pick<Logger, 'log'> = new Logger('MarketDataMode'),
): Promise<ResolvedMarketDataEnv> {
  if (isResolvedMarketDataEnv(env)) return env;
  let decided: Pick<MarketDataResolution, 'mode' | 'decidedBy' | 'reason' | 'probeUrl'>;
  if (env.MARKET_DATA_MODE === 'exchange' || env.MARKET_DATA_MODE === 'offline') {
    decided = {
      mode: env.MARKET_DATA_MODE,
      decidedBy: 'configured',
      reason: `MARKET_DATA_MODE=${env.MARKET_DATA_MODE}`,
    };
  } else {
    const probeUrl = exchangeProbeUrl(env);
    const started = performance.now();
    decided = await probe(probeUrl, env.EXCHANGE_PROBE_TIMEOUT_MS).then(
      () => ({
        mode: 'exchange' as const,
        decidedBy: 'probe' as const,
        reason: `exchange reachable (${new URL(probeUrl).host} answered in ${Math.round(performance.now() - started)} ms)`,
        probeUrl,
      }),
      (error: unknown) => ({
        mode: 'offline' as const,
        decidedBy: 'probe' as const,
        reason: `exchange unreachable (${describeError(error)})`,
        probeUrl,
      }),
    );
  }
  const streamSource: StreamSourceKind =
    env.STREAM_SOURCE === 'live' || env.STREAM_SOURCE === 'replay'
      ? env.STREAM_SOURCE
      : decided.mode === 'exchange'
        ? 'live'
        : 'replay';
  const resolution: MarketDataResolution = { ...decided, streamSource };
  logger.log(`${resolution.reason}: ${MODE_EFFECT[resolution.mode]}; ${streamEffect(resolution)}`);
  return { ...env, MARKET_DATA_MODE: resolution.mode, STREAM_SOURCE: streamSource, resolution };
}
