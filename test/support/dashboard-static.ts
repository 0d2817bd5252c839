// Serves one build of the web app from its own folder and passes /v1 (and /api-docs) through to a
// running `npm start` server (startLocal). The e2e tests need this because web/dist is shared:
// other test files build into it with emptyOutDir while a browser is still loading lazy chunks
// from it, which turns into 404s and "page failed to load". The API, its data and the app's code
// are exactly those of `npm start`; only the files are read from a private copy (with the same
// security headers, CSP included).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { SECURITY_HEADERS } from '../../shared/security-headers.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * @param extra files the tests add at a path of their own (e.g. axe-core): served as scripts of the
 *   page's own origin, which the CSP allows — an injected inline script would be refused.
 */
export async function serveBuild(
  dir: string,
  apiUrl: string,
  extra: Record<string, string> = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const api = new URL(apiUrl);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path.startsWith('/v1/') || path.startsWith('/api-docs/')) {
      const upstream = request(
        { host: api.hostname, port: api.port, path: req.url, method: req.method, headers: { ...req.headers, host: api.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
      return;
    }
    const file = extra[path] ?? normalize(join(dir, path === '/' ? 'index.html' : path));
    if ((!extra[path] && !file.startsWith(dir)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    // The same security headers as `npm start` (CSP included), so the pages are tested under them.
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
