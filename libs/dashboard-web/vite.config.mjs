import { defineConfig } from 'vite';

// The pages live under /dashboard on the gateway; every asset is bundled (the machine may be offline).
export default defineConfig({
  root: 'web',
  base: '/dashboard/',
  build: { outDir: '../dist/web', emptyOutDir: true, assetsDir: 'assets', chunkSizeWarningLimit: 1000 },
});
