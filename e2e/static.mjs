// A static server for dist/ on a free loopback port, for the browsers driven over WebDriver
// (Firefox, WebKit), where no script can be added before the page's own. `kept: true`
// serves a build whose page first loads keep-stub.js: a storage API that answers "persistent"
// (a same-origin file, so the page's Content-Security-Policy allows it unchanged).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

const KEEP_STUB = `(() => {
  const yes = () => Promise.resolve(true);
  const storage = { persisted: yes, persist: yes, estimate: () => Promise.resolve({ usage: 0, quota: 1e9 }) };
  Object.defineProperty(Navigator.prototype, 'storage', { configurable: true, get: () => storage });
})();`;

export function serveDist(dir, { kept = false } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (kept && path === '/keep-stub.js') {
      res.writeHead(200, { 'content-type': TYPES['.js'] });
      return res.end(KEEP_STUB);
    }
    const file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(normalize(dir))) { res.writeHead(403); return res.end(); }
    try {
      let body = await readFile(file);
      if (kept && file.endsWith('index.html')) {
        body = body.toString().replace('<meta name="color-scheme"', '<script src="keep-stub.js"></script>\n  <meta name="color-scheme"');
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise(r => { server.closeAllConnections?.(); server.close(r); }),
  })));
}
