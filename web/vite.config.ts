// Build and dev-server configuration of the ServicePulse web app (政务服务效能监督 dashboard).
// The output (web/dist) is plain static files: the local server and S3/CloudFront serve it as is.
// Routing is hash-based (#/admin), so no SPA fallback is needed anywhere; `base: './'` keeps every
// asset URL relative, so the app also works under a path prefix.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const API_PROXY = { '/v1': 'http://127.0.0.1:3000' };

/** Swagger UI files the API docs page (public/api-docs/index.html) loads from its own folder. */
const SWAGGER_UI_FILES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-bundle.js.LICENSE.txt': 'text/plain; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

/**
 * Copies Swagger UI from node_modules/swagger-ui-dist into dist/api-docs/ at build time and serves
 * the same files in the dev server, so the docs page never needs a CDN (the deployment may be
 * offline or behind the Great Firewall). Source-map comments are dropped: the maps are not shipped.
 */
function swaggerUiAssets(): Plugin {
  const distDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const load = async (name: string) =>
    (await readFile(join(distDir, name), 'utf8')).replace(/^\/[*/]# sourceMappingURL=.*$/m, '');
  return {
    name: 'servicepulse:swagger-ui-assets',
    configureServer(server) {
      server.middlewares.use('/api-docs', (req, res, next) => {
        const name = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        const type = SWAGGER_UI_FILES[name];
        if (!type) return next();
        load(name).then((body) => {
          res.setHeader('Content-Type', type);
          res.end(body);
        }, next);
      });
    },
    async generateBundle() {
      for (const name of Object.keys(SWAGGER_UI_FILES)) {
        this.emitFile({ type: 'asset', fileName: `api-docs/${name}`, source: await load(name) });
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: './',
  plugins: [react(), swaggerUiAssets()],
  build: {
    outDir: join(webRoot, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
  },
  // `npm run dev:web` next to `npm run start:api` (port 3000): the app calls /v1 on its own origin.
  server: { proxy: API_PROXY },
  preview: { proxy: API_PROXY },
});
