import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv } from './market-data.env';
import {
  DEFAULT_EXCHANGE_PROBE_URL,
  exchangeProbeUrl,
  probeExchange,
  resolveMarketDataMode,
  type ExchangeProbe,
} from './market-data.mode';

const env = (values: Record<string, string> = {}) => loadEnv(MarketDataEnv, values);

/** An in-process fake of the probe: answers as told, recording what it was asked. */
const fakeProbe = (answer: 'up' | Error) => {
  const calls: { url: string; timeoutMs: number }[] = [];
  const probe: ExchangeProbe = (url, timeoutMs) => {
    calls.push({ url, timeoutMs });
    return answer === 'up' ? Promise.resolve() : Promise.reject(answer);
  };
  return { probe, calls };
};

const lines = () => {
  const logged: string[] = [];
  return { logged, logger: { log: (message: unknown) => void logged.push(String(message)) } };
};

const ENOTFOUND = new Error('getaddrinfo ENOTFOUND api.binance.com');

describe(resolveMarketDataMode.name, () => {
  it('should use the exchange and its live websockets when the probe answers', async () => {
    const { probe, calls } = fakeProbe('up');
    const { logged, logger } = lines();

    const sut = await resolveMarketDataMode(env(), probe, logger);

    expect(calls).toEqual([{ url: DEFAULT_EXCHANGE_PROBE_URL, timeoutMs: 2_500 }]);
    expect(sut).toMatchObject({ MARKET_DATA_MODE: 'exchange', STREAM_SOURCE: 'live' });
    expect(sut.resolution).toEqual({
      mode: 'exchange',
      streamSource: 'live',
      decidedBy: 'probe',
      reason: expect.stringMatching(/^exchange reachable \(api\.binance\.com answered in \d+ ms\)$/),
      probeUrl: DEFAULT_EXCHANGE_PROBE_URL,
    });
    expect(logged).toEqual([
      expect.stringMatching(/: using the exchange; streams watch the exchange's websockets$/),
    ]);
  });

  it('should serve the recorded markets offline and replay them when the probe fails', async () => {
    const { logged, logger } = lines();

    const sut = await resolveMarketDataMode(env(), fakeProbe(ENOTFOUND).probe, logger);

    expect(sut).toMatchObject({ MARKET_DATA_MODE: 'offline', STREAM_SOURCE: 'replay' });
    expect(sut.resolution).toMatchObject({
      decidedBy: 'probe',
      reason: 'exchange unreachable (getaddrinfo ENOTFOUND api.binance.com)',
    });
    expect(logged).toEqual([
      'exchange unreachable (getaddrinfo ENOTFOUND api.binance.com): serving the recorded markets offline; ' +
        'streams replay the recorded candles',
    ]);
  });

  it.each([
    ['exchange', 'auto', 'exchange', 'live'],
    ['offline', 'auto', 'offline', 'replay'],
    ['offline', 'live', 'offline', 'live'],
    ['exchange', 'replay', 'exchange', 'replay'],
  ])(
    'should probe nothing when MARKET_DATA_MODE=%s (STREAM_SOURCE=%s → %s, %s)',
    async (mode, source, resolvedMode, resolvedSource) => {
      const { probe, calls } = fakeProbe('up');

      const sut = await resolveMarketDataMode(
        env({ MARKET_DATA_MODE: mode, STREAM_SOURCE: source }),
        probe,
        lines().logger,
      );

      expect(calls).toEqual([]);
      expect(sut).toMatchObject({ MARKET_DATA_MODE: resolvedMode, STREAM_SOURCE: resolvedSource });
      expect(sut.resolution).toEqual({
        mode: resolvedMode,
        streamSource: resolvedSource,
        decidedBy: 'configured',
        reason: `MARKET_DATA_MODE=${mode}`,
      });
    },
  );

  it('should keep an explicit STREAM_SOURCE when the probe decides the mode', async () => {
    const sut = await resolveMarketDataMode(
      env({ STREAM_SOURCE: 'live' }),
      fakeProbe(ENOTFOUND).probe,
      lines().logger,
    );

    expect(sut).toMatchObject({ MARKET_DATA_MODE: 'offline', STREAM_SOURCE: 'live' });
  });

  it('should keep every other setting', async () => {
    const given = env({ RECORDED_MARKETS: 'ETH/USDT@4h=/data/eth.csv', EXCHANGE_RETRIES: '1' });

    const sut = await resolveMarketDataMode(given, fakeProbe('up').probe, lines().logger);

    expect(sut).toMatchObject({ ...given, MARKET_DATA_MODE: 'exchange', STREAM_SOURCE: 'live' });
  });

  it('should return an env already resolved as it is, probing and logging nothing', async () => {
    const resolved = await resolveMarketDataMode(env(), fakeProbe('up').probe, lines().logger);
    const { probe, calls } = fakeProbe(ENOTFOUND);
    const { logged, logger } = lines();

    const sut = await resolveMarketDataMode(resolved, probe, logger);

    expect(sut).toBe(resolved);
    expect({ calls, logged }).toEqual({ calls: [], logged: [] });
  });

  it('should probe EXCHANGE_PROBE_URL within EXCHANGE_PROBE_TIMEOUT_MS', async () => {
    const { probe, calls } = fakeProbe('up');

    await resolveMarketDataMode(
      env({ EXCHANGE_PROBE_URL: 'http://127.0.0.1:9/ping', EXCHANGE_PROBE_TIMEOUT_MS: '300' }),
      probe,
      lines().logger,
    );

    expect(calls).toEqual([{ url: 'http://127.0.0.1:9/ping', timeoutMs: 300 }]);
  });
});

describe(exchangeProbeUrl.name, () => {
  it.each([
    [{}, DEFAULT_EXCHANGE_PROBE_URL],
    [{ EXCHANGE_BASE_URL: 'http://127.0.0.1:4000' }, 'http://127.0.0.1:4000/api/v3/ping'],
    [
      { EXCHANGE_BASE_URL: 'http://127.0.0.1:4000', EXCHANGE_PROBE_URL: 'http://probe.local/up' },
      'http://probe.local/up',
    ],
  ])('should probe, for %j, %s', (settings, url) => {
    expect(exchangeProbeUrl(settings)).toBe(url);
  });
});

// The real probe against a local HTTP server: nothing here reaches the internet.
describe(probeExchange.name, () => {
  let server: Server;
  let origin: string;
  let closedPort: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/api/v3/ping') res.end('{}');
      else if (req.url === '/restricted') res.writeHead(451).end();
      // '/silent': never answered
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('should resolve when the server answers 200', async () => {
    await expect(probeExchange(`${origin}/api/v3/ping`, 1_000)).resolves.toBeUndefined();
  });

  it('should reject naming the status when the server answers outside 2xx', async () => {
    await expect(probeExchange(`${origin}/restricted`, 1_000)).rejects.toThrow(/answered 451$/);
  });

  it('should reject when the connection is refused', async () => {
    await expect(probeExchange(`http://127.0.0.1:${closedPort}/api/v3/ping`, 1_000)).rejects.toThrow(
      `connect ECONNREFUSED 127.0.0.1:${closedPort}`,
    );
  });

  it('should reject within the timeout when the server does not answer', async () => {
    const started = Date.now();

    await expect(probeExchange(`${origin}/silent`, 200)).rejects.toThrow(
      /^no answer from 127\.0\.0\.1:\d+ within 200 ms$/,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('should make auto use the exchange when the probe target answers 200', async () => {
    const sut = await resolveMarketDataMode(
      env({ EXCHANGE_BASE_URL: origin }),
      probeExchange,
      lines().logger,
    );

    expect(sut.resolution).toMatchObject({ mode: 'exchange', probeUrl: `${origin}/api/v3/ping` });
  });

  it('should make auto serve offline when the probe target is a closed port', async () => {
    const sut = await resolveMarketDataMode(
      env({ EXCHANGE_PROBE_URL: `http://127.0.0.1:${closedPort}/api/v3/ping` }),
      probeExchange,
      lines().logger,
    );

    expect(sut.resolution).toMatchObject({
      mode: 'offline',
      streamSource: 'replay',
      reason: `exchange unreachable (connect ECONNREFUSED 127.0.0.1:${closedPort})`,
    });
  });
});
