// Checks the sync test infrastructure without a browser: the test CouchDB (couch.mjs), the
// fault-injecting proxy and the plain page (proxy.mjs), and the CouchDB API the app relies on.
// Run: node e2e/couch-selftest.mjs
import { startCouch, basic } from './couch.mjs';
import { startProxy, startPlainPage } from './proxy.mjs';

let passed = 0, failed = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    const note = await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)${note ? ` — ${note}` : ''}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split('\n').join('\n     ')}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}
/// Resolves to the error when the promise rejects, fails when it resolves.
async function rejects(promise, what) {
  try { await promise; } catch (e) { return e; }
  throw new Error(`${what} should have failed`);
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
const corsHeaders = headers => [...headers.keys()].filter(k => k.startsWith('access-control-'));

const ADMIN = { name: 'admin', password: 'secret' };
const couch = await startCouch({ admin: ADMIN });
const proxy = await startProxy(couch.port);
const noCors = await startProxy(couch.port, { stripCors: true });
const page = await startPlainPage();
const auth = { Authorization: couch.adminAuth, 'Content-Type': 'application/json' };
// A fetch through a proxy with the admin's credentials; no keep-alive reuse across cuts
// matters here because every cut destroys the pooled sockets too.
const via = (p, path, init = {}) => fetch(p.url + path, { ...init, headers: { ...auth, ...init.headers } });

try {
  await check('server answers with the admin set; admin party is over', async () => {
    const anon = await couch.request('GET', '/_config', undefined, { auth: null });
    assert(anon.status === 401, `anonymous /_config: ${anon.status}`);
    const r = await couch.request('GET', '/_session');
    assert(r.json.userCtx.roles.includes('_admin'), JSON.stringify(r.json));
    return `${couch.url}`;
  });

  await check('createDb, GET /db, 404 for a missing db', async () => {
    await couch.createDb('shop');
    const info = await couch.request('GET', '/shop');
    assert(info.status === 200 && info.json.db_name === 'shop', info.text);
    const missing = await couch.request('GET', '/nope');
    assert(missing.status === 404 && missing.json.error === 'not_found', missing.text);
    return `GET /shop: ${info.text.trim()}; GET /nope: ${missing.status} ${missing.text.trim()}`;
  });

  await check('PUT a doc through the proxy', async () => {
    const r = await via(proxy, '/shop/apple', { method: 'PUT', body: JSON.stringify({ price: 3 }) });
    const json = await r.json();
    assert(r.status === 201 && json.ok, JSON.stringify(json));
    assert(proxy.stats().bytesDown > 0, 'proxy counted no bytes');
  });

  await check('cut() breaks a longpoll; requests fail until restore(); then it works', async () => {
    const poll = via(proxy, '/shop/_changes?feed=longpoll&since=now').then(r => r.json());
    await sleep(300);
    proxy.cut();
    await rejects(poll, 'longpoll across cut()');
    await rejects(via(proxy, '/shop'), 'request while cut');
    proxy.restore();
    const again = via(proxy, '/shop/_changes?feed=longpoll&since=now').then(r => r.json());
    await sleep(300);
    await couch.request('PUT', '/shop/pear', { price: 2 });
    const changes = await again;
    assert(changes.results.length === 1 && changes.results[0].id === 'pear', JSON.stringify(changes));
    return `last_seq ${JSON.stringify(changes.last_seq)}`;
  });

  await check('cutAfterBytes() fails a large _all_docs mid-body', async () => {
    const docs = Array.from({ length: 1500 }, (_, i) => ({ _id: `item-${String(i).padStart(5, '0')}`, name: 'x'.repeat(40) }));
    const bulk = await couch.request('POST', '/shop/_bulk_docs', { docs });
    assert(bulk.status === 201, bulk.text);
    const full = (await couch.request('GET', '/shop/_all_docs?include_docs=true')).text.length;
    proxy.cutAfterBytes(20000);
    const r = await via(proxy, '/shop/_all_docs?include_docs=true');
    assert(r.status === 200, `status ${r.status}`);
    await rejects(r.text(), 'reading the cut body');
    await rejects(via(proxy, '/shop'), 'request after the cut');
    proxy.restore();
    assert((await via(proxy, '/shop')).ok, 'after restore');
    return `cut after 20000 of ~${full} body bytes`;
  });

  await check('stripCors: preflight 405 without CORS headers; GET works without them', async () => {
    const preflight = (url) => fetch(url + '/shop/_changes', {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:8080', 'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    const direct = await preflight(couch.url);
    assert(direct.status === 204 && corsHeaders(direct.headers).length > 0, `direct ${direct.status}`);
    const stripped = await preflight(noCors.url);
    assert(stripped.status === 405, `status ${stripped.status}`);
    assert(corsHeaders(stripped.headers).length === 0, corsHeaders(stripped.headers).join());
    const get = await via(noCors, '/shop', { headers: { Origin: 'http://127.0.0.1:8080' } });
    assert(get.ok && corsHeaders(get.headers).length === 0, `${get.status} ${corsHeaders(get.headers)}`);
    const longpoll = via(noCors, '/shop/_changes?feed=longpoll&since=now').then(r => r.text());
    await sleep(200);
    noCors.cut();
    await rejects(longpoll, 'longpoll through the CORS stripper across cut()');
    noCors.restore();
    return 'direct preflight: ' + corsHeaders(direct.headers).map(k => `${k}: ${direct.headers.get(k)}`).join('; ');
  });

  await check('plain page: 200 text/html with ACAO * on any path', async () => {
    const r = await fetch(page.url + '/some/db', { headers: { Authorization: basic('a', 'b') } });
    assert(r.status === 200 && r.headers.get('content-type').startsWith('text/html'), r.status);
    assert(r.headers.get('access-control-allow-origin') === '*', 'no ACAO');
    assert((await r.text()).includes('<h1>'), 'no html');
  });

  const revs = { start: 3, ids: ['c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3', 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1'] };
  const rev = `3-${revs.ids[0]}`;
  await check('_bulk_docs new_edits:false stores a given revision', async () => {
    const r = await couch.request('POST', '/shop/_bulk_docs', {
      new_edits: false, docs: [{ _id: 'milk', _rev: rev, _revisions: revs, price: 1 }],
    });
    assert(r.status === 201, `${r.status} ${r.text}`);
    const doc = await couch.request('GET', '/shop/milk?revs=true');
    assert(doc.json._rev === rev && doc.json._revisions.ids.length === 3, doc.text);
    return `answer ${r.text.trim()}`;
  });

  await check('_bulk_get?revs=true returns the revision and its history', async () => {
    const r = await couch.request('POST', '/shop/_bulk_get?revs=true', {
      docs: [{ id: 'milk', rev }, { id: 'ghost' }, { id: 'milk', rev: '9-ffff' }],
    });
    assert(r.status === 200, `${r.status} ${r.text}`);
    // pouchdb-server groups the answers by id (in order of first appearance).
    const milk = r.json.results.filter(x => x.id === 'milk').map(x => x.docs[0]);
    const ok = milk.find(d => d.ok)?.ok;
    assert(ok?._rev === rev && JSON.stringify(ok._revisions) === JSON.stringify(revs), JSON.stringify(milk));
    assert(milk.some(d => d.missing === '9-ffff'), JSON.stringify(milk));
    const ghost = r.json.results.find(x => x.id === 'ghost');
    return `unknown rev: ${JSON.stringify(milk.find(d => !d.ok))}; unknown doc: ${JSON.stringify(ghost)}`;
  });

  await check('_local doc round trip', async () => {
    const put = await couch.request('PUT', '/shop/_local/x', { last_seq: 42 });
    assert(put.status === 201, put.text);
    const got = await couch.request('GET', '/shop/_local/x');
    assert(got.json.last_seq === 42, got.text);
    const upd = await couch.request('PUT', '/shop/_local/x', { _rev: got.json._rev, last_seq: 43 });
    assert(upd.status === 201, upd.text);
    const again = await couch.request('GET', '/shop/_local/x');
    assert(again.json.last_seq === 43, again.text);
    const changes = await couch.request('GET', '/shop/_changes');
    assert(!changes.json.results.some(c => c.id.startsWith('_local')), '_local doc in _changes');
    return `revs ${got.json._rev} then ${again.json._rev}`;
  });

  await check('_revs_diff names only the unknown revision', async () => {
    const unknown = '4-dddddddddddddddddddddddddddddddd';
    const r = await couch.request('POST', '/shop/_revs_diff', { milk: [rev, unknown], newdoc: ['1-eeee'] });
    assert(r.status === 200, r.text);
    assert(JSON.stringify(r.json.milk.missing) === JSON.stringify([unknown]), r.text);
    assert(JSON.stringify(r.json.newdoc.missing) === JSON.stringify(['1-eeee']), r.text);
    return r.text.trim();
  });

  await check('users: 401 for a wrong password; _security members are enforced', async () => {
    await couch.createUser('bob', 'pw');
    const as = (who, pw) => ({ auth: basic(who, pw) });
    const wrong = await couch.request('GET', '/shop', undefined, as('bob', 'bad'));
    assert(wrong.status === 401, `wrong password: ${wrong.status}`);
    assert(!wrong.headers.has('www-authenticate'), 'WWW-Authenticate would make browsers prompt');
    assert((await couch.request('GET', '/shop', undefined, as('bob', 'pw'))).status === 200, 'open db');
    await couch.setSecurity('shop', { members: ['carol'] });
    const excluded = await couch.request('GET', '/shop', undefined, as('bob', 'pw'));
    // CouchDB says 403 forbidden to a known user who is not a member; pouchdb-server says 401.
    assert(excluded.status === 401 || excluded.status === 403, `excluded: ${excluded.status}`);
    assert((await couch.request('GET', '/shop')).status === 200, 'server admin locked out');
    await couch.setSecurity('shop', { members: ['bob'] });
    assert((await couch.request('GET', '/shop', undefined, as('bob', 'pw'))).status === 200, 'member');
    await couch.setSecurity('shop', {});
    return `non-member: ${excluded.status} ${excluded.text.trim()}`;
  });

  await check('_session: POST gives an AuthSession cookie that authenticates', async () => {
    const r = await couch.request('POST', '/_session', { name: 'bob', password: 'pw' }, { auth: null });
    const cookie = r.headers.get('set-cookie') ?? '';
    assert(r.status === 200 && cookie.startsWith('AuthSession='), `${r.status} ${cookie}`);
    const me = await couch.request('GET', '/_session', undefined, { auth: null, headers: { Cookie: cookie.split(';')[0] } });
    assert(me.json.userCtx.name === 'bob', me.text);
    return `Set-Cookie: ${cookie}`;
  });

  await check('deleteDb', async () => {
    await couch.deleteDb('shop');
    assert((await couch.request('GET', '/shop')).status === 404, 'still there');
  });
} finally {
  await Promise.all([proxy.stop(), noCors.stop(), page.stop()]);
  await couch.stop();
}
console.log(`couch selftest: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
