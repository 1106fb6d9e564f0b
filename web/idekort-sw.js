// idekort-sw.js: the service worker that lets the browser app start with no network.
// scripts/web_dist.py replaces the `shell` line below with this build's version and the list of
// every file of the app shell with its SHA-256; idekort-server sends this script with
// Cache-Control: no-cache, so the browser sees a new build as soon as it is deployed.
//
// - install: fetches every file, checks each one's SHA-256 (a Wi-Fi portal's page or a file
//   from a newer deployment must not end up in this version's cache) and only then stores
//   them all in the cache "idekort-shell-<version>". Any failure fails the install: a version
//   is cached whole or not at all. Hashed names are immutable, so they may come from the HTTP
//   cache (the page has just downloaded them); the others are revalidated.
// - A new version waits (no skipWaiting on its own): the page that runs the old one keeps its
//   files. The page says "a new version is ready" and sends "skip-waiting" when it (re)loads,
//   so the next load takes the new version, whole.
// - activate: deletes the caches of older versions of the shell. Nothing else: the drafts and
//   the outbox live in OPFS (the store worker's SQLite), which this worker never touches.
// - fetch: the shell's files and navigations to the app come from the cache; everything else
//   (the card API, /healthz) goes to the network untouched.
// - Files fetched on need (`onNeed`: the extra glyphs, issue 12 point 4) are not part of the
//   install: the first time the page asks for one, it is fetched, checked against its SHA-256
//   and kept in this version's cache, so it is there offline afterwards. A new version takes
//   the ones an older version had fetched (same name, same bytes) into its own cache. A page
//   this worker does not control yet (the first visit) fetched it past the worker, and sends
//   {type: 'keep', url} afterwards, so the worker caches it then.
'use strict';

const shell = { version: "dev", files: [], onNeed: [] };
const cachePrefix = 'idekort-shell-';
const cacheName = cachePrefix + shell.version;
const scope = self.registration.scope; // ends with '/', e.g. https://host/idekort/
const precached = new Set(shell.files.map((f) => f.url));
const onNeed = new Map(shell.onNeed.map((f) => [f.url, f]));

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function fetchVerified(file) {
  const url = new URL(file.url, scope);
  const response = await fetch(url, { cache: file.immutable ? 'default' : 'no-cache', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${file.url}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  const digest = hex(await crypto.subtle.digest('SHA-256', body));
  if (digest !== file.sha256) throw new Error(`${file.url}: not the file of version ${shell.version} (SHA-256 ${digest})`);
  const headers = { 'Content-Type': response.headers.get('Content-Type') || 'application/octet-stream' };
  // The shell's Content-Security-Policy and framing rule go into the cache with it, so an app
  // started offline runs under the same policy as one started online.
  for (const name of ['Content-Security-Policy', 'X-Frame-Options']) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  return [url, new Response(body, { status: 200, headers })];
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const verified = await Promise.all(shell.files.map(fetchVerified));
    const cache = await caches.open(cacheName);
    try {
      await Promise.all(verified.map(([url, response]) => cache.put(url, response)));
      for (const file of shell.onNeed) {
        const url = new URL(file.url, scope);
        const earlier = await caches.match(url); // an older version's cache, before activation deletes it
        if (earlier) await cache.put(url, earlier);
      }
    } catch (e) {
      await caches.delete(cacheName); // never leave a partial version behind
      throw e;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(cachePrefix) && name !== cacheName) await caches.delete(name);
    }
  })());
});

async function keepOnNeed(file) {
  const cache = await caches.open(cacheName);
  if (await cache.match(new URL(file.url, scope))) return;
  const [url, response] = await fetchVerified(file);
  await cache.put(url, response);
}

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'keep' && onNeed.has(event.data.url)) event.waitUntil(keepOnNeed(onNeed.get(event.data.url)));
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
  if (event.data && event.data.type === 'version' && event.ports[0]) event.ports[0].postMessage(shell.version);
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  const path = new URL(request.url).pathname.slice(new URL(scope).pathname.length);
  let key = null;
  if (request.mode === 'navigate' && (path === '' || path === 'index.html')) key = 'index.html';
  else if (precached.has(path)) key = path;
  else if (onNeed.has(path)) {
    event.respondWith((async () => {
      const cache = await caches.open(cacheName);
      const cached = await cache.match(new URL(path, scope));
      if (cached) return cached;
      const [url, response] = await fetchVerified(onNeed.get(path));
      await cache.put(url, response.clone());
      return response;
    })());
    return;
  }
  if (key === null) return; // not part of the shell: the network, as if there were no worker
  event.respondWith((async () => {
    const cached = await (await caches.open(cacheName)).match(new URL(key, scope));
    return cached || fetch(request);
  })());
});
