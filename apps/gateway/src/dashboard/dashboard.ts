import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DASHBOARD_PAGES, DASHBOARD_WEB_DIR, isDashboardBuilt } from '@crypto/dashboard-web';

export const DASHBOARD_PATH = '/dashboard';

/**
 * The web dashboard (`@crypto/dashboard-web`, built by Vite) under /dashboard: each page at its own URL
 * (the same index.html; the page script routes by path), its bundled assets from this gateway (no CDN), and
 * `/` redirecting there. Not built: 503 naming the build command, the API unaffected.
 */
export async function registerDashboard(fastify: FastifyInstance): Promise<void> {
  const built = isDashboardBuilt();
  if (built) {
    await fastify.register(fastifyStatic, {
      root: join(DASHBOARD_WEB_DIR, 'assets'),
      prefix: `${DASHBOARD_PATH}/assets/`,
      decorateReply: false,
      immutable: true,
      maxAge: '1y',
    });
  }
  const page = built ? await readFile(join(DASHBOARD_WEB_DIR, 'index.html'), 'utf8') : '';
  const pages = new Set<string>(DASHBOARD_PAGES);
  fastify.get('/', (_request, reply) => void reply.redirect(DASHBOARD_PATH, 302));
  fastify.get<{ Params: { page?: string } }>(`${DASHBOARD_PATH}/:page?`, (request, reply) => {
    if (!pages.has(request.params.page ?? '')) {
      return void reply.code(404).send({
        error: 'Not Found',
        message: `no dashboard page "${request.params.page}": ${[...pages].map((p) => `${DASHBOARD_PATH}/${p}`).join(', ')}`,
        path: request.url,
      });
    }
    if (!built) {
      return void reply.code(503).send({
        error: 'Service Unavailable',
        message: 'the dashboard is not built: pnpm nx build @crypto/dashboard-web',
        path: request.url,
      });
    }
    void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });
}
