import fastifyStatic from '@fastify/static';
import {
  getDistDirectory,
  isSandboxFrame,
  renderAltair,
  renderInitSnippet,
  SANDBOX_FRAME_CSP,
} from 'altair-static';
import type { FastifyInstance } from 'fastify';

export const GRAPHQL_PATH = '/graphql';
/** where the playground's files are served from (all of them from node_modules: no CDN, works offline) */
export const PLAYGROUND_ASSETS = '/altair/';
const INITIAL_OPTIONS = 'initial_options.js';

const DEFAULT_QUERY = `# SPEC §8 operations; Ctrl+Enter runs the one under the cursor
query Health {
  health { status mlAvailable timestamp }
}

mutation Signal {
  generateSignal(input: { symbol: "BTCUSDT", explain: true }) {
    symbol horizonMin riskScore nowcastRet volRegime timestamp method
    explanation { nowcastRet vol volRegime riskScore featuresTail { time close ret vol24 sma12 sma48 } }
    error
  }
}

subscription Prices {
  priceUpdates(symbols: ["BTCUSDT"]) { symbol price volume change24h timestamp source }
}
`;

/**
 * The Altair GraphQL playground at `GET /graphql` from a browser (a request accepting HTML with no query
 * string; GraphQL GET queries still reach mercurius). Its init script is a file, not inline, so the CSP can
 * forbid inline scripts.
 */
export async function registerPlayground(fastify: FastifyInstance): Promise<void> {
  const page = renderAltair({
    baseURL: PLAYGROUND_ASSETS,
    serveInitialOptionsInSeperateRequest: INITIAL_OPTIONS,
  });
  await fastify.register(fastifyStatic, {
    root: getDistDirectory(),
    prefix: PLAYGROUND_ASSETS,
    decorateReply: false,
    // Altair's script sandbox must run as an opaque origin
    setHeaders: (res, path) => {
      if (isSandboxFrame(path)) void res.header('Content-Security-Policy', SANDBOX_FRAME_CSP);
    },
  });
  fastify.get(`${PLAYGROUND_ASSETS}${INITIAL_OPTIONS}`, (request, reply) => {
    const wsProtocol = request.protocol === 'https' ? 'wss' : 'ws';
    void reply.type('text/javascript; charset=utf-8').send(
      renderInitSnippet({
        endpointURL: GRAPHQL_PATH,
        subscriptionsEndpoint: `${wsProtocol}://${request.host}${GRAPHQL_PATH}`,
        initialSubscriptionRequestHandlerId: 'graphql-ws',
        initialQuery: DEFAULT_QUERY,
        initialName: 'crypto gateway',
        disableAccount: true,
      }),
    );
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (
      request.method === 'GET' &&
      request.url === GRAPHQL_PATH &&
      request.headers.accept?.includes('text/html')
    ) {
      void reply.type('text/html; charset=utf-8').send(page);
      return;
    }
    done();
  });
}
