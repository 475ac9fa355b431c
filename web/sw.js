/*
 * Gridwatch service worker (hand-written; the build fills in VERSION and PRECACHE).
 *
 * - install: cache the app shell (index.html and every built file) under this version;
 *   take over at once (built files have hashed names, so old and new never mix in one cache).
 * - activate: delete other versions' caches, control open pages (the page offers a reload).
 * - fetch: page loads get the cached shell first (fast on a poor connection, works offline);
 *   built files come from the cache (one not precached, like the chart library, is cached when
 *   first fetched); /api/ is never cached here (the outbox handles offline
 *   writes; screens handle offline reads).
 */
const VERSION = self.__GW_VERSION__;
const PRECACHE = self.__GW_PRECACHE__;
const CACHE = `gridwatch-shell-${VERSION}`;
const SHELL = new URL('./', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((p) => new Request(new URL(p, self.registration.scope), { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('gridwatch-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    // Every in-app address is the same single page.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(SHELL).then((cached) => cached || fetch(request))),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            // Built files have hashed names: one not precached (the chart library) is kept once fetched.
            if (response.ok && url.pathname.startsWith('/assets/')) cache.put(request, response.clone());
            return response;
          }),
      ),
    ),
  );
});
