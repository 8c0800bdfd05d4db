// Fault injection between the app and the test CouchDB: a loopback TCP proxy that can cut every
// connection (now, or after n more bytes from the server), optionally in front of an HTTP hop
// that strips CORS; and a plain HTML page that is not a CouchDB server at all.
import net from 'node:net';
import http from 'node:http';

const listen = server => new Promise((resolve, reject) => {
  server.once('error', reject).listen(0, '127.0.0.1', () => resolve(server.address().port));
});

export async function startProxy(targetPort, { stripCors = false } = {}) {
  // stripCors: the TCP proxy forwards to an HTTP hop that rewrites responses, so cut() and
  // cutAfterBytes() behave the same in both modes.
  const hop = stripCors ? await startCorsStripper(targetPort) : null;
  const upstreamPort = hop ? hop.port : targetPort;

  const open = new Set();
  let down = false;
  let budget = Infinity; // bytes server -> client still allowed before cutting
  const stats = { bytesDown: 0, bytesUp: 0, connections: 0, refused: 0 };

  function cutAll() {
    down = true;
    budget = Infinity;
    for (const s of open) s.destroy();
    open.clear();
  }

  const server = net.createServer(client => {
    if (down) { stats.refused++; client.destroy(); return; }
    stats.connections++;
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    open.add(client).add(upstream);
    let draining = false; // cutAfterBytes: the client socket is flushing its last bytes
    const closeBoth = () => {
      if (!draining) client.destroy();
      upstream.destroy();
      open.delete(client); open.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
    client.on('data', chunk => { stats.bytesUp += chunk.length; });
    client.pipe(upstream);
    upstream.on('data', chunk => {
      if (chunk.length >= budget) {
        // end() rather than destroy() so the allowed bytes reach the client before the FIN.
        const last = chunk.subarray(0, budget);
        stats.bytesDown += last.length;
        draining = true;
        open.delete(client);
        client.end(last);
        setTimeout(() => client.destroy(), 1000).unref(); // in case the peer never closes
        upstream.destroy();
        cutAll();
        return;
      }
      if (budget !== Infinity) budget -= chunk.length;
      stats.bytesDown += chunk.length;
      if (!client.write(chunk)) { upstream.pause(); client.once('drain', () => upstream.resume()); }
    });
    upstream.on('end', () => client.end());
  });
  const port = await listen(server);

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    /// Destroys every open connection; new ones are closed at once until restore().
    cut: cutAll,
    restore() { down = false; budget = Infinity; },
    /// Lets the next n bytes from the server through (over all connections), then cut().
    cutAfterBytes(n) { budget = n; if (n <= 0) cutAll(); },
    stats: () => ({ ...stats, open: open.size / 2 }),
    async stop() {
      cutAll();
      await new Promise(r => server.close(r));
      if (hop) await hop.stop();
    },
  };
}

/// An HTTP hop that forwards to the target but drops every Access-Control-* response header
/// and refuses preflights, like a CouchDB without CORS enabled behind a strict gateway.
async function startCorsStripper(targetPort) {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(405, { 'Content-Type': 'text/plain', Allow: 'GET, HEAD, POST, PUT, DELETE' });
      res.end('method not allowed');
      return;
    }
    const up = http.request({
      host: '127.0.0.1', port: targetPort, method: req.method, path: req.url,
      headers: req.headers, agent,
    }, upRes => {
      const headers = {};
      for (const [k, v] of Object.entries(upRes.headers)) {
        if (!k.startsWith('access-control-') && k !== 'connection' && k !== 'keep-alive') headers[k] = v;
      }
      res.writeHead(upRes.statusCode, headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    // The client went away (e.g. cut()): drop the upstream request, such as a longpoll.
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  const port = await listen(server);
  return {
    port,
    async stop() {
      server.closeAllConnections();
      await new Promise(r => server.close(r));
      agent.destroy();
    },
  };
}

/// An ordinary web page on every path, readable cross-origin: an address that answers but is
/// no CouchDB server.
export async function startPlainPage() {
  const server = http.createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (req.method === 'OPTIONS') {
      // `Allow-Headers: *` does not cover Authorization, so echo what the preflight asks for.
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      });
      res.end();
      return;
    }
    req.resume();
    res.writeHead(200, { ...cors, 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>Just a page</title></head>' +
      '<body><h1>Hello</h1><p>This is not a database.</p></body></html>\n');
  });
  const port = await listen(server);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise(r => server.close(r));
    },
  };
}
