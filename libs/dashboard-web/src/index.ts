import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `vite build` writes the pages (index.html, assets/): the same path from src/ and from dist/. */
export const DASHBOARD_WEB_DIR = join(__dirname, '..', 'dist', 'web');

/** Whether the pages are built (the gateway answers 503 naming the build command otherwise). */
export const isDashboardBuilt = (): boolean => existsSync(join(DASHBOARD_WEB_DIR, 'index.html'));

/** The pages, each at its own URL under /dashboard (the web app routes by path). */
export const DASHBOARD_PAGES = ['', 'models', 'training', 'kafka', 'services'] as const;
