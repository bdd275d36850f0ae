import { MarketDataError } from '@crypto/candles';
import { BinanceEmulator } from './emulator/binance-emulator';
import type { CcxtSourceOptions } from './exchange/ccxt-candle-source';
import { CcxtExchangeDirectory } from './exchange/ccxt-exchange.directory';
import { parseRecordedMarkets, type MarketDataEnv } from './market-data.env';
import { resolveMarketDataMode, type ExchangeProbe, type MarketDataResolution } from './market-data.mode';
import { readRecordedMarket, type RecordedMarket } from './recorded/recorded-market';
import { DEFAULT_RETRY_POLICY } from './retry/retry-policy';
import { LiveCandleSource } from './stream/live-candle-source';
import type { CandleStreamSource } from './stream/market-stream';
import { ReplayCandleSource } from './stream/replay-candle-source';

/** ccxt clients per exchange, plus the emulator they talk to in offline mode. */
export interface ExchangeAccess {
  exchanges: CcxtExchangeDirectory;
  /** set in offline mode: the in-process Binance emulator serving the recorded markets */
  emulator?: BinanceEmulator;
  /** the mode in use and why (`MARKET_DATA_MODE=auto` resolved at connection) */
  resolution: MarketDataResolution;
  close(): Promise<void>;
}

export async function readRecordedMarkets(
  env: Pick<MarketDataEnv, 'RECORDED_MARKETS'>,
): Promise<RecordedMarket[]> {
  return Promise.all(
    parseRecordedMarkets(env.RECORDED_MARKETS).map(({ file, ...market }) => readRecordedMarket(file, market)),
  );
}

/**
 * REST market data as configured: the real exchanges, or — in offline mode — an in-process Binance emulator
 * on an ephemeral port serving `RECORDED_MARKETS`, with ccxt pointed at it. `MARKET_DATA_MODE=auto` is
 * resolved first (`resolveMarketDataMode`: one probe of the exchange, `probe` in tests); pass an env
 * already resolved to share one decision between this and `createCandleStreamSource`.
 */
export async function connectExchanges(
  marketData: MarketDataEnv,
  { probe, ...options }: Pick<CcxtSourceOptions, 'sleep' | 'random' | 'now'> & { probe?: ExchangeProbe } = {},
): Promise<ExchangeAccess> {
  const env = await resolveMarketDataMode(marketData, probe);
  let emulator: BinanceEmulator | undefined;
  let baseUrl = env.EXCHANGE_BASE_URL;
  if (env.MARKET_DATA_MODE === 'offline') {
    emulator = await new BinanceEmulator({ markets: await readRecordedMarkets(env) }).start();
    baseUrl = emulator.url;
  }
  const exchanges = new CcxtExchangeDirectory(
    { baseUrl, timeoutMs: env.EXCHANGE_TIMEOUT_MS },
    { ...options, retry: { ...DEFAULT_RETRY_POLICY, retries: env.EXCHANGE_RETRIES } },
  );
  return {
    exchanges,
    emulator,
    resolution: env.resolution,
    close: async () => {
      await exchanges.close();
      await emulator?.stop();
    },
  };
}

const replayFrom = (env: MarketDataEnv): number | undefined =>
  env.REPLAY_FROM === undefined ? undefined : Date.parse(env.REPLAY_FROM);

/**
 * The stream source `STREAM_SOURCE` names: a replay of `RECORDED_MARKETS`, or ccxt.pro websockets of
 * `exchangeId` — in offline mode those of an in-process emulator playing the recordings (closed with the source).
 * `auto` values are resolved first (`resolveMarketDataMode`): live websockets when the exchange answers the
 * probe, the replay when it does not. An explicit `STREAM_SOURCE=replay` probes nothing.
 */
export async function createCandleStreamSource(
  marketData: MarketDataEnv,
  exchangeId = 'binance',
  { probe }: { probe?: ExchangeProbe } = {},
): Promise<CandleStreamSource> {
  const env =
    marketData.STREAM_SOURCE === 'replay' ? marketData : await resolveMarketDataMode(marketData, probe);
  const retry = { ...DEFAULT_RETRY_POLICY, retries: env.EXCHANGE_RETRIES };
  if (env.STREAM_SOURCE === 'replay') {
    return new ReplayCandleSource(await readRecordedMarkets(env), {
      speed: env.REPLAY_SPEED,
      from: replayFrom(env),
    });
  }
  if (env.MARKET_DATA_MODE !== 'offline') {
    return LiveCandleSource.connect({ exchangeId, timeoutMs: env.EXCHANGE_TIMEOUT_MS }, { retry });
  }
  const speed = env.REPLAY_SPEED === 0 ? Infinity : env.REPLAY_SPEED;
  if (!Number.isFinite(speed)) {
    throw new MarketDataError(
      'INVALID_CANDLES',
      'the offline websocket feed needs a finite REPLAY_SPEED (3600 plays an hour a second)',
    );
  }
  const emulator = await new BinanceEmulator({
    markets: await readRecordedMarkets(env),
    stream: { speed, from: replayFrom(env) },
  }).start();
  const live = LiveCandleSource.connect(
    {
      exchangeId: 'binance',
      baseUrl: emulator.url,
      wsBaseUrl: emulator.wsUrl,
      timeoutMs: env.EXCHANGE_TIMEOUT_MS,
    },
    { retry },
  );
  return {
    kind: 'live',
    stream: (request, signal) => live.stream(request, signal),
    close: async () => {
      await live.close();
      await emulator.stop();
    },
  };
}
