// A throwaway CouchDB-compatible server for the sync tests: pouchdb-server (npm), in memory,
// on a free loopback port, in its own temporary folder (it writes config.json and log.txt).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const BIN = new URL('../node_modules/.bin/pouchdb-server', import.meta.url).pathname;

/// A port that was free a moment ago (the server must be told its port up front).
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/// The value of an `Authorization` header for HTTP basic auth.
export function basic(name, password) {
  return 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');
}

export async function startCouch({ admin } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bakkal-couch-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = openSync(join(dir, 'stdout.txt'), 'w');
  const child = spawn(BIN, ['--in-memory', '--host', '127.0.0.1', '--port', String(port),
    '--config', './config.json'], { cwd: dir, stdio: ['ignore', out, out] });
  let exited = null;
  child.on('exit', code => { exited = code ?? 'signal'; });
  // Never leave the server running when the test process ends, however it ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const logTail = () => ['stdout.txt', 'log.txt'].map(f => {
    try { return `--- ${f}\n` + readFileSync(join(dir, f), 'utf8').split('\n').slice(-30).join('\n'); }
    catch { return `--- ${f}: none`; }
  }).join('\n');

  let adminAuth = null;
  async function request(method, path, body, { auth = adminAuth, headers = {} } = {}) {
    const h = { Accept: 'application/json', ...headers };
    if (auth) h.Authorization = auth;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const res = await fetch(url + path, {
      method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text, headers: res.headers };
  }

  async function stop() {
    process.off('exit', killOnExit);
    if (exited === null) {
      const gone = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  }

  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      if ((await fetch(url + '/')).ok) break;
    } catch { /* not listening yet */ }
    if (exited !== null || Date.now() > deadline) {
      const why = exited !== null ? `exited (${exited})` : 'did not answer within 15 s';
      const tail = logTail();
      await stop();
      throw new Error(`pouchdb-server ${why}\n${tail}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }

  if (admin) {
    // Ends "admin party". From then on a `PUT /newdb` by anyone but a server admin (anonymous
    // or a _users user) kills pouchdb-server ("db.info is not a function", pouchdb-server#374),
    // so every database is created with the admin's basic auth.
    const r = await request('PUT', `/_config/admins/${encodeURIComponent(admin.name)}`, admin.password);
    if (r.status !== 200) throw new Error(`setting the admin failed: ${r.status} ${r.text}`);
    adminAuth = basic(admin.name, admin.password);
  }

  async function ok(method, path, body, okStatuses = [200, 201, 202]) {
    const r = await request(method, path, body);
    if (!okStatuses.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r.json;
  }

  return {
    port, url, adminAuth, dir, request, stop, logTail,
    /// False once the server process has died (see the admin note above).
    running: () => exited === null,
    createDb: name => ok('PUT', `/${encodeURIComponent(name)}`),
    deleteDb: name => ok('DELETE', `/${encodeURIComponent(name)}`),
    createUser: (name, password, roles = []) =>
      ok('PUT', `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`,
        { _id: `org.couchdb.user:${name}`, name, password, roles, type: 'user' }),
    /// `members` and `admins` are lists of user names.
    setSecurity: (db, { members = [], admins = [] } = {}) =>
      ok('PUT', `/${encodeURIComponent(db)}/_security`,
        { admins: { names: admins, roles: [] }, members: { names: members, roles: [] } }),
  };
}
