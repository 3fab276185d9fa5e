// Keepsake's service worker: the app shell offline, recently seen thumbnails and previews, and the
// last timeline the signed-in person saw. The server writes this build's version and file list into
// the two constants below when it serves this file, so every release is a new worker with its own
// shell cache; the old one is deleted only once the new one takes over, so a page never mixes files
// of two versions.
importScripts('/store.js');

const VERSION = '__KEEPSAKE_VERSION__';
const PRECACHE = __KEEPSAKE_PRECACHE__;
// People's module and face models: kept once someone uses People, never fetched before.
const ON_DEMAND = __KEEPSAKE_ON_DEMAND__;

const SHELL = `keepsake-shell-${VERSION}`;
// Per person: cleared when they sign out (and when anyone signs in), never shared between people.
const MEDIA = 'keepsake-media';
const USER = 'keepsake-user';
// Shared by everyone on the device (they are part of the app, not of anyone's library); their names
// carry their content's hash, so a release that changes them drops the old ones.
const MODELS = 'keepsake-models';
// Thumbnails and previews kept, least recently used dropped first.
const MEDIA_LIMIT = 600;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('keepsake-shell-') && name !== SHELL) await caches.delete(name);
    }
    const models = await caches.open(MODELS);
    for (const request of await models.keys()) {
      if (!onDemandPaths.has(new URL(request.url).pathname)) await models.delete(request);
    }
    await self.clients.claim();
  })());
});

// The page drops the per-person caches itself (at sign-out and sign-in); it only asks a waiting
// release to take over.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

const shellPaths = new Set(PRECACHE);
const onDemandPaths = new Set(ON_DEMAND);

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 200) await cache.put(request, response.clone());
  return response;
}

/// The timeline's own API reads, kept for offline: who is signed in and the pages of their library.
function isUserRead(url) {
  return url.pathname === '/api/v1/me' || url.pathname === '/api/v1/assets' || url.pathname === '/api/v1/memories';
}

function isMedia(url) {
  return /^\/api\/v1\/assets\/[^/]+\/(thumbnail|preview)$/.test(url.pathname);
}

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function mediaFirst(request) {
  const cache = await caches.open(MEDIA);
  const cached = await cache.match(request);
  const shown = request.destination === 'image';
  if (cached) {
    // Seen again: to the back of the queue (keys come out in insertion order).
    if (shown) {
      await cache.delete(request);
      await cache.put(request, cached.clone());
    }
    return cached;
  }
  const response = await fetch(request);
  // Only what a page shows is kept: the app's own reads of a preview (People's pass over the whole
  // library, a print's live preview) would otherwise push the timeline's thumbnails out. Photos seen
  // through someone else's album come marked no-cache: the server checks the share on each request,
  // so they are not kept here either.
  const keep = shown && response.status === 200
    && !/no-cache|no-store/.test(response.headers.get('cache-control') || '');
  if (keep) {
    await cache.put(request, response.clone());
    const keys = await cache.keys();
    for (const old of keys.slice(0, Math.max(0, keys.length - MEDIA_LIMIT))) await cache.delete(old);
  }
  return response;
}

/// The most files one share may set aside, and the most that may wait at once: a page that posts to
/// the share target over and over cannot fill the device.
const MAX_SHARED_FILES = 200;

/// "Share → Keepsake": what a share sheet sends is a top-level navigation carrying files of the
/// manifest's `media` field, photos and videos only. They are set aside, not uploaded: any web page can
/// make such a POST, so the app shows them to the person, who says whether to upload them.
async function receiveShare(request) {
  const refuse = (why) => new Response(why, { status: 400, headers: { 'content-type': 'text/plain' } });
  if (request.mode !== 'navigate') return refuse('Only a share sheet may send files here.');
  if (!(request.headers.get('content-type') || '').startsWith('multipart/form-data')) return refuse('Not a share.');
  let form;
  try {
    form = await request.formData();
  } catch {
    return refuse('Not a share.');
  }
  const files = form.getAll('media').filter((f) => typeof f === 'object' && f.size > 0
    && (f.type.startsWith('image/') || f.type.startsWith('video/')));
  const waiting = await self.keepsakeShared.count();
  const room = Math.max(0, MAX_SHARED_FILES - waiting);
  for (const file of files.slice(0, room)) await self.keepsakeShared.add(file);
  return Response.redirect(`/#/?shared=${Math.min(files.length, room)}`, 303);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === 'POST' && url.origin === self.location.origin && url.pathname === '/share-target') {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page itself: fresh when online, the cached shell when not.
    event.respondWith(fetch(request).catch(async () => (await caches.match('/index.html', { cacheName: SHELL })) || Response.error()));
  } else if (shellPaths.has(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: SHELL }).then((hit) => hit || fetch(request)));
  } else if (onDemandPaths.has(url.pathname)) {
    event.respondWith(cacheFirst(request, MODELS));
  } else if (isMedia(url)) {
    event.respondWith(mediaFirst(request));
  } else if (isUserRead(url)) {
    event.respondWith(networkFirst(request, USER));
  }
  // Everything else (the rest of the API, originals, share links) goes to the network untouched.
});
