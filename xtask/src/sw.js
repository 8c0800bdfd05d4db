// Bakkal's service worker. `cargo xtask build` writes it into dist/sw.js from this template
// (xtask/src/build.rs): FILES is every file of that build, VERSION a hash of their contents,
// so a build that changes anything is a new worker.
// The app shell is answered from the cache, everything else goes to the network untouched.
// A new worker installs, then waits: it takes over only when the page says so, which it
// does when the user presses Reload on "A new version is ready" (src/offline.rs).
const VERSION = 'BAKKAL_SW_VERSION';
const FILES = BAKKAL_SW_FILES;
// Several copies of the app may share an origin (sub-folders): each keeps to its own caches.
const PREFIX = 'bakkal ' + self.registration.scope + ' ';
const CACHE = PREFIX + VERSION;
const url = f => new URL(f, self.location).href;
const ROOT = url('./');
const SHELL = new Set(FILES.map(url));

self.addEventListener('install', e => {
  e.waitUntil(caches.open(CACHE).then(c => c.addAll(FILES.map(f => new Request(f, { cache: 'no-cache' })))));
});

self.addEventListener('activate', e => {
  e.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k.startsWith(PREFIX) && k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', e => {
  if (e.data === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('fetch', e => {
  const r = e.request;
  if (r.method !== 'GET') return;
  // A request's URL keeps its fragment (the app's route).
  const at = r.url.split('#')[0];
  const path = at.split('?')[0];
  // Opening the app at its folder, with or without index.html or a query: the cached page.
  const key = r.mode === 'navigate' && (path === ROOT || path === ROOT + 'index.html') ? ROOT : at;
  if (!SHELL.has(key)) return;
  e.respondWith(caches.open(CACHE).then(c => c.match(key)).then(hit => hit || fetch(r)));
});
