import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TrainingJobs } from '@crypto/training';
import type { AdminKeys } from '../security/admin-keys';
import { API_KEY_HEADER } from '../security/api-key.guard';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * The admin key a request presents: the `X-API-Key` header (curl, scripts), or the password of HTTP Basic
 * authentication (a browser asks for it itself after a 401 with `WWW-Authenticate: Basic`; any user name).
 */
export function presentedAdminKey(headers: FastifyRequest['headers']): string | undefined {
  const header = headers[API_KEY_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = headers.authorization;
  const match = typeof authorization === 'string' ? /^basic\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match) return undefined;
  const credentials = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  const password = colon < 0 ? '' : credentials.slice(colon + 1);
  return password === '' ? undefined : password;
}

/** Every request under the board needs an admin key; a refusal asks the browser for Basic credentials. */
function requireAdminKey(keys: AdminKeys) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = presentedAdminKey(request.headers);
    if (key !== undefined && keys.accepts(key)) return;
    const message = !keys.configured
      ? 'admin operations are disabled: no ADMIN_API_KEYS configured'
      : key === undefined
        ? 'Bull Board is an admin page: send an X-API-Key header, or an admin key as the HTTP Basic password'
        : 'the admin key is not valid';
    await reply
      .code(401)
      .header('WWW-Authenticate', 'Basic realm="crypto gateway admin", charset="UTF-8"')
      .send({ error: 'Unauthorized', message, path: request.url });
  };
}

// the board's page links Google Fonts; nothing is fetched from outside (the CSP forbids it anyway): system fonts
const REMOTE_FONTS = /<link[^>]*fonts\.googleapis\.com[^>]*>/g;

/**
 * Bull Board at {@link BULL_BOARD_PATH}: the BullMQ dashboard of `queues`, its page, scripts and styles all
 * served by the gateway from `@bull-board/ui` (no CDN). Behind the admin keys (see {@link presentedAdminKey});
 * the hooks are scoped to the board's routes.
 */
export async function registerBullBoard(
  fastify: FastifyInstance,
  queues: readonly TrainingJobs['queue'][],
  keys: AdminKeys,
): Promise<void> {
  const serverAdapter = new FastifyAdapter().setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Crypto training queues' } },
  });
  await fastify.register(
    async (board) => {
      board.addHook('onRequest', requireAdminKey(keys));
      board.addHook('onSend', async (_request, reply, payload) =>
        typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')
          ? payload.replace(REMOTE_FONTS, '')
          : payload,
      );
      await board.register(serverAdapter.registerPlugin());
    },
    { prefix: BULL_BOARD_PATH },
  );
}
