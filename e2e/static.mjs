// The tests' static server for dist/ (or a copy of it) on 127.0.0.1, at `/` and again under
// `/app/`, like `cargo xtask serve`. `port` 0 picks a free one; `close()` also cuts the
// browser's open connections, so the next request finds nobody listening (the offline
// tests stop and restart it on the same port). `kept: true` serves a page that first loads
// keep-stub.js: a storage API that answers "persistent", for the browsers driven over
// WebDriver (WebKit), where no script can be added before the page's own. It is a
// same-origin file, so the page's Content-Security-Policy allows it unchanged.
import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

const KEEP_STUB = `(() => {
  const yes = () => Promise.resolve(true);
  const storage = { persisted: yes, persist: yes, estimate: () => Promise.resolve({ usage: 0, quota: 1e9 }) };
  Object.defineProperty(Navigator.prototype, 'storage', { configurable: true, get: () => storage });
})();`;

export function serve(dir, { port = 0, kept = false } = {}) {
  const server = http.createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/app') {
      res.writeHead(301, { Location: '/app/' }).end();
      return;
    }
    if (path.startsWith('/app/')) path = path.slice(4);
    if (kept && path === '/keep-stub.js') {
      res.writeHead(200, { 'Content-Type': TYPES['.js'] }).end(KEEP_STUB);
      return;
    }
    let file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir + sep))) return res.writeHead(404).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      let body = readFileSync(file);
      if (kept && file.endsWith('index.html')) {
        body = body.toString().replace('<meta name="color-scheme"', '<script src="keep-stub.js"></script>\n  <meta name="color-scheme"');
      }
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({
      port: server.address().port,
      url: `http://127.0.0.1:${server.address().port}/`,
      close: () => new Promise(done => { server.close(done); server.closeAllConnections(); }),
    }));
  });
}
