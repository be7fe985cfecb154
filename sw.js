// Broadsheet's service worker: after its first visit the page works
// offline, and a redeploy (a new article set or a new build of the app) is
// used whole on the next load, never mixed with the old one.
//
// It sits next to index.html, so its scope is the folder the site is served
// from (`/`, `/archive/`, GitHub Pages' `/<repo>/`). Plain JavaScript, no
// libraries; it only ever fetches from its own origin.
//
// Snapshots. The app shell (index.html, every file it references: Trunk's
// hashed .js, .wasm and .css and the favicon) and `static/articles.json`
// are stored together as one snapshot: one Cache per snapshot, whose
// manifest gives its version, derived from the contents (a SHA-256 of
// index.html and one of the set's bytes, taken as it streams in). A small
// "state" cache holds the pointer to the current snapshot, and which
// snapshot each open page was served from.
//
//  - A navigation to the app (the scope, or index.html, with any ?query) is
//    answered from the current snapshot, and the page is pinned to it: all
//    its later requests for snapshot files come from that same snapshot,
//    even if a newer one is switched in meanwhile. That is what makes a mix
//    of an old app and a new set (or the reverse) impossible.
//  - Meanwhile the worker checks the network: index.html (revalidated) and
//    the set (a conditional request on its ETag / Last-Modified, so an
//    unchanged set costs a 304). If either changed (same bytes under a new
//    date are no change), it stores the complete new snapshot in a new cache
//    (new index.html, every asset it references, the set) and only when all
//    of it is stored does it switch the pointer (one cache write), remove
//    the snapshots no open page uses, and tell the open pages. The next
//    load uses the new snapshot entirely. If anything fails midway, the new
//    cache is deleted and the current snapshot stays in force, untouched.
//  - First visit: nothing is stored, so the page loads from the network;
//    installing the worker stores the first snapshot (install fails, and is
//    retried on a later visit, if it cannot), so the next load works
//    offline. The worker does not take control of that first page.
//  - The site is no longer Broadsheet (replaced by something else): the
//    snapshot is let go, so returning visitors see what the site now serves
//    rather than the old Broadsheet forever. See "Letting go" below.
//  - Requests to other origins (`?data=https://other.example/set.json`) are
//    never intercepted, and same-origin requests that are not snapshot
//    files (`?data=archives/2021.json`) go to the network untouched: nothing
//    but the snapshot is ever cached.
//
// Talking to the page (src/hooks/use_offline.rs; the names and fields are
// in src/js.rs, STATUS_MESSAGE, STORED_MESSAGE, UPDATE_MESSAGE and WorkerMessage):
//   page → worker  {type: 'broadsheet:status'}
//   worker → page  {type: 'broadsheet:status', stored, update}
//                  stored: a snapshot is stored (the next load works
//                  offline); update: null, or {app, articles} when a newer
//                  snapshot than the page's own has been stored
//   worker → page  {type: 'broadsheet:stored'}: the first snapshot is stored
//   worker → page  {type: 'broadsheet:update', app, articles}: a newer
//                  snapshot is stored; app / articles say what changed
//
// Letting go. The check after each navigation also asks for sw.js itself.
// It decides the site no longer serves Broadsheet, and only then, on one of
// these definite answers (each one a server saying "not here", never a
// failure to reach it):
//   - HTTP 404 or 410 for sw.js, for index.html, or for static/articles.json
//     (the set a snapshot needs);
//   - a 2xx for sw.js with a Content-Type that is not JavaScript (a
//     catch-all HTML page: the browser could not register that script
//     either), unless the origin is plain http on a public host, where a
//     captive portal or a proxy may answer any address with its own page.
// Then the worker stops answering anything from its snapshot (every request
// goes to the network), loads the pages being opened by the navigations
// that triggered the check again (they were answered from the snapshot at
// once, as always: the network never delays a load), unregisters itself
// (new tabs and reloads go to the network without it) and deletes this
// scope's caches. Pages that were open before keep what they show until
// they are reloaded.
// Everything else keeps the snapshot in force: a network error (offline), any
// 5xx, 401/403/429 and other 4xx, a 304, a redirect, a broken or partial
// redeploy of Broadsheet (which fails the update as before). A deploy that
// removes the set for a moment costs visitors who load the page then their
// offline copy, until their next visit stores it again.
//
// Development: under `trunk serve`, the first reload after a rebuild still
// shows the previous build (from its snapshot) while the worker stores the
// new one and says so; one more reload shows the rebuilt app.

'use strict';

/** Bump when the names or contents of the caches change shape. */
const SCHEMA = 'broadsheet/1';
const SCOPE = self.registration.scope;
const INDEX_URL = new URL('index.html', SCOPE).href;
// Contract: src/js.rs ARTICLE_SET_URL
const SET_URL = new URL('static/articles.json', SCOPE).href;
/** This script (with any query it was registered with). */
const WORKER_URL = self.location.href;
// Cache names hold the scope, so two copies of Broadsheet on one origin
// (say /2020/ and /2021/) keep apart. A scope has no spaces (URL-encoded).
const SNAPSHOT_PREFIX = `${SCHEMA} snapshot ${SCOPE} `;
const STATE_CACHE = `${SCHEMA} state ${SCOPE}`;
// Keys inside the caches. They only name entries and are never fetched.
/** In each snapshot: its manifest, written last (so it marks a complete snapshot). */
const MANIFEST_KEY = new URL('__broadsheet/snapshot.json', SCOPE).href;
/** In the state cache: the current snapshot's cache name, and the validators its set came with. */
const CURRENT_KEY = new URL('__broadsheet/current', SCOPE).href;
/** In the state cache: `PIN_PREFIX + client id` → the snapshot that page was served from. */
const PIN_PREFIX = new URL('__broadsheet/page/', SCOPE).href;
/**
 * A page being opened is not yet listed by clients.matchAll(), so the pin
 * of a page never seen open is kept this long whatever the list says.
 */
const PIN_GRACE_MS = 60_000;
/** How long an incomplete snapshot may be being stored by another worker. */
const BUILD_GRACE_MS = 10 * 60_000;

// ---------------------------------------------------------------- lifecycle

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    try {
      await update();
    } catch (error) {
      // Without any snapshot, installing fails: the browser tries again on
      // a later visit. (A new sw.js on a device that has a snapshot keeps it.)
      if (!(await currentSnapshot())) throw error;
      console.info('Broadsheet: could not store a new snapshot; the stored one stays in use.', error);
    }
    // Snapshots are shared between versions of this file (same SCHEMA) and
    // pins are persisted, so a new worker can take over open pages at once.
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Caches that an older SCHEMA of this worker left at this scope.
    for (const name of await caches.keys()) {
      if (isOurs(name) && !name.startsWith(`${SCHEMA} `)) await caches.delete(name);
    }
    await removeUnused();
  })());
});

// -------------------------------------------------------------------- fetch

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Let go of the site: everything goes to the network.
  if (released || request.method !== 'GET') return;
  const url = new URL(request.url);
  // Other origins: never intercepted, never cached.
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (isAppPage(url)) {
      event.respondWith(openApp(event));
      event.waitUntil(checkForUpdate(event.resultingClientId));
    }
    return;
  }
  // Decided synchronously (respondWith cannot wait): a page this worker
  // served is pinned in memory with its snapshot's file list.
  const pinned = pins.get(event.clientId)?.snapshot;
  if (pinned) {
    if (pinned.urls.includes(url.href)) event.respondWith(fromSnapshot(pinned, request));
    return;
  }
  // A worker that was stopped and restarted has lost that memory: a file
  // that may be in a snapshot is looked up by the page's persisted pin.
  if (mayBeSnapshotFile(url)) event.respondWith(fromPageSnapshot(event));
});

/** The app's page: the scope itself or its index.html, with any query. */
function isAppPage(url) {
  const page = url.origin + url.pathname;
  return page === SCOPE || page === INDEX_URL;
}

/**
 * Files Trunk writes sit at the top of the site (hashed names), wasm-bindgen
 * snippets under snippets/, and the set is static/articles.json. Anything
 * else (subfolders, query strings) is never in a snapshot.
 */
function mayBeSnapshotFile(url) {
  if (url.search || !url.href.startsWith(SCOPE)) return false;
  const path = url.href.slice(SCOPE.length);
  return url.href === SET_URL || path.startsWith('snippets/') || (path !== '' && !path.includes('/'));
}

/** Answers a navigation to the app from the current snapshot, and pins the new page to it. */
async function openApp(event) {
  try {
    const snapshot = await currentSnapshot();
    const cached = snapshot && await caches.match(INDEX_URL, { cacheName: snapshot.name });
    if (cached) {
      await pin(event.resultingClientId, snapshot);
      // A fresh Response: a stored one that came through a redirect may
      // not answer a navigation.
      return new Response(cached.body, { status: 200, headers: cached.headers });
    }
  } catch (error) {
    console.info('Broadsheet: the stored snapshot could not be read; loading from the network.', error);
  }
  return fetch(event.request);
}

/** A snapshot file from `snapshot`; the network only if that snapshot was evicted. */
async function fromSnapshot(snapshot, request) {
  const cached = await caches.match(request.url, { cacheName: snapshot.name, ignoreVary: true });
  return cached || fetch(request);
}

/** A file for a page this worker instance did not serve (it was restarted since). */
async function fromPageSnapshot(event) {
  // Browsers without resultingClientId give no pin: the current snapshot.
  const snapshot = (await pinOf(event.clientId)) || (await currentSnapshot());
  if (snapshot && snapshot.urls.includes(event.request.url)) return fromSnapshot(snapshot, event.request);
  return fetch(event.request);
}

// ----------------------------------------------------------------- messages

self.addEventListener('message', (event) => {
  // Contract: src/js.rs STATUS_MESSAGE, WorkerMessage
  if (event.data?.type !== 'broadsheet:status' || !event.source) return;
  if (released) {
    event.source.postMessage({ type: 'broadsheet:status', stored: false, update: null });
    return;
  }
  event.waitUntil((async () => {
    const current = await currentSnapshot();
    const served = await pinOf(event.source.id);
    if (served) await markSeen(event.source.id);
    event.source.postMessage({
      type: 'broadsheet:status',
      stored: Boolean(current),
      update: current && served && served.version !== current.version ? changes(served, current) : null,
    });
    // The page that asks has loaded: the one it replaced (a reload) is gone
    // by now, and so may be the last user of an old snapshot.
    await removeUnused().catch((error) => console.info('Broadsheet: could not remove unused snapshots.', error));
  })());
});

/** What differs between two snapshots, as the page words it. Contract: src/js.rs WorkerMessage (app, articles). */
function changes(from, to) {
  return { app: from.app !== to.app, articles: from.data !== to.data };
}

/** Tells every open page of this app that a newer snapshot than its own is stored. */
async function announce(previous, snapshot) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (!client.url.startsWith(SCOPE)) continue;
    // A page loaded from the network (the first visit) has no pin: it shows
    // what the previous snapshot holds, or, if there was none, this one.
    const from = (await pinOf(client.id)) || previous;
    // Contract: src/js.rs STORED_MESSAGE, UPDATE_MESSAGE, WorkerMessage
    if (!from) client.postMessage({ type: 'broadsheet:stored' });
    else if (from.version !== snapshot.version) client.postMessage({ type: 'broadsheet:update', ...changes(from, snapshot) });
  }
}

// ---------------------------------------------------------------- snapshots

/** Manifests by cache name. A stored snapshot never changes, so this never goes stale. */
const manifests = new Map();

/** The manifest of the snapshot in cache `name`, or null if it is missing or incomplete. */
async function manifestOf(name) {
  if (manifests.has(name)) return manifests.get(name);
  const response = await caches.match(MANIFEST_KEY, { cacheName: name });
  if (!response) return null;
  const manifest = await response.json();
  manifests.set(name, manifest);
  return manifest;
}

/**
 * The pointer to the current snapshot: {name, validators}, validators being
 * the set's ETag and Last-Modified as last seen (for conditional checks).
 */
async function readPointer() {
  const state = await caches.open(STATE_CACHE);
  const pointer = await state.match(CURRENT_KEY);
  return pointer ? pointer.json() : null;
}

/** Points at snapshot `name`: a single cache write, so a switch is all or nothing. */
async function writePointer(name, validators) {
  const state = await caches.open(STATE_CACHE);
  await state.put(CURRENT_KEY, json({ name, validators }));
}

/** The current snapshot's manifest, or null when there is none (or it was evicted). */
async function currentSnapshot() {
  const pointer = await readPointer();
  return pointer ? manifestOf(pointer.name) : null;
}

/**
 * Pages (client ids) → {snapshot, at, seen}: the snapshot each was served
 * from, when, and whether it was seen open since. Kept in memory, and in
 * the state cache as {name, at, seen} for a restarted worker.
 */
const pins = new Map();

/** Pins page `clientId` to `snapshot`. */
async function pin(clientId, snapshot) {
  if (!clientId) return;
  const at = Date.now();
  pins.set(clientId, { snapshot, at, seen: false });
  const state = await caches.open(STATE_CACHE);
  await state.put(PIN_PREFIX + encodeURIComponent(clientId), json({ name: snapshot.name, at, seen: false }));
}

/** The pin of page `clientId` ({snapshot, at, seen}), or null. */
async function pinEntry(clientId) {
  if (!clientId) return null;
  if (pins.has(clientId)) return pins.get(clientId);
  const state = await caches.open(STATE_CACHE);
  const entry = await state.match(PIN_PREFIX + encodeURIComponent(clientId));
  if (!entry) return null;
  const { name, at, seen } = await entry.json();
  const snapshot = await manifestOf(name);
  if (!snapshot) return null;
  const pinned = { snapshot, at, seen };
  pins.set(clientId, pinned);
  return pinned;
}

/** The snapshot page `clientId` was served from, or null. */
async function pinOf(clientId) {
  return (await pinEntry(clientId))?.snapshot || null;
}

/** Page `clientId` is open: once it closes, its pin can go at once. */
async function markSeen(clientId) {
  const pinned = await pinEntry(clientId);
  if (!pinned || pinned.seen) return;
  pinned.seen = true;
  const state = await caches.open(STATE_CACHE);
  await state.put(PIN_PREFIX + encodeURIComponent(clientId), json({ name: pinned.snapshot.name, at: pinned.at, seen: true }));
}

/** Snapshots being stored by this worker: never removed as unused. */
const building = new Set();
let checking = null;
/** Pages being opened (client ids) by the navigations the running check serves. */
const opening = new Set();
/** Set once the worker has let go of a site that is no longer Broadsheet. */
let released = false;

/** Thrown by update() when the site answers that it no longer serves Broadsheet. */
class SiteGone extends Error {}

/**
 * One network check at a time; a failure (offline, a broken deploy) changes
 * nothing. `clientId`: the page a navigation is opening, reloaded from the
 * network if the check finds the site is no longer Broadsheet.
 */
function checkForUpdate(clientId) {
  if (clientId) opening.add(clientId);
  checking ??= (async () => {
    try {
      await update();
    } catch (error) {
      if (error instanceof SiteGone) return release(error.message);
      console.info('Broadsheet: no new snapshot stored; the current one stays in use.', error);
    }
    await removeUnused().catch((error) => console.info('Broadsheet: could not remove unused snapshots.', error));
  })()
    .catch((error) => console.info('Broadsheet: the check for a new snapshot failed.', error))
    .finally(() => {
      checking = null;
      opening.clear();
    });
  return checking;
}

/**
 * Why the answers of a check say the site no longer serves Broadsheet
 * (see "Letting go" at the top), or null. `worker` is null if sw.js could
 * not be fetched at all.
 */
function goneReason(index, set, worker) {
  const notHere = (response) => response && (response.status === 404 || response.status === 410);
  for (const [what, response] of [['sw.js', worker], ['index.html', index], ['static/articles.json', set]]) {
    if (notHere(response)) return `the server answers HTTP ${response.status} for ${what}`;
  }
  if (worker?.ok) {
    const type = (worker.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    const host = self.location.hostname;
    const trusted = self.location.protocol === 'https:' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
    if (type && !/^(text|application)\/(x-)?(javascript|ecmascript)$/.test(type) && trusted) {
      return `the server answers sw.js with ${type}, not JavaScript`;
    }
  }
  return null;
}

/** Whether cache `name` is one of this scope's (any SCHEMA of this worker). */
function isOurs(name) {
  const [schema, , scope] = name.split(' ');
  return schema.startsWith('broadsheet/') && scope === SCOPE;
}

/**
 * The site is no longer Broadsheet: unregisters, loads the pages being
 * opened again from the network, and deletes this scope's caches.
 */
async function release(reason) {
  // From here on, every request this worker sees goes to the network.
  released = true;
  console.info(`Broadsheet: ${reason}; this site no longer serves Broadsheet, so the stored copy is deleted.`);
  // Reloaded while the worker still controls them (only a controlling
  // worker may navigate a page); their new load goes to the network.
  for (const result of await Promise.allSettled([...opening].map(reopen))) {
    if (result.status === 'rejected') console.info('Broadsheet: could not load a page again from the network.', result.reason);
  }
  await self.registration.unregister();
  for (const name of await caches.keys()) {
    if (isOurs(name)) await caches.delete(name);
  }
  pins.clear();
  manifests.clear();
}

/**
 * Loads page `clientId` (answered from the snapshot) again from the
 * network. Without its fragment: the same address with a fragment would
 * only move within the page (HTML's "navigate to a fragment"), and
 * Broadsheet's `#/…` routes mean nothing to whatever the site serves now.
 */
async function reopen(clientId) {
  // A page being opened is listed by matchAll() once its document exists.
  // A navigation asked for before the page's own one has committed can be
  // lost to it: the page is then still listed (a new document would be a
  // new client), and asked again.
  let asked = 0;
  for (let tries = 0; tries < 100; tries++) {
    const client = (await self.clients.matchAll({ type: 'window' })).find((c) => c.id === clientId);
    if (!client) {
      if (asked) return;
    } else if (asked === 0 || tries - asked >= 10) {
      asked = tries || 1;
      const url = new URL(client.url);
      url.hash = '';
      if ('navigate' in client) await client.navigate(url.href).catch(() => {});
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/**
 * Checks index.html and the set on the network; when either changed,
 * stores the complete new snapshot, then switches to it and tells the open
 * pages. Returns the new manifest, or null when nothing changed. Throws
 * (leaving the current snapshot in force) if any part cannot be stored.
 */
async function update() {
  const pointer = await readPointer();
  const current = pointer && await manifestOf(pointer.name);
  const known = (current && pointer.validators) || {};
  // The set: conditional on the validators it last came with, so an
  // unchanged set answers 304 with no body. Without them, revalidate
  // through the HTTP cache (the first visit's own download may be there).
  const conditional = {};
  if (known.etag) conditional['If-None-Match'] = known.etag;
  if (known.lastModified) conditional['If-Modified-Since'] = known.lastModified;
  const hasConditions = Object.keys(conditional).length > 0;
  // Aborts the set's download if another part of the snapshot fails.
  const abort = new AbortController();
  const [indexResponse, setResponse, workerResponse] = await Promise.all([
    fetch(INDEX_URL, { cache: 'no-cache' }),
    fetch(SET_URL, { signal: abort.signal, ...(hasConditions ? { cache: 'no-store', headers: conditional } : { cache: 'no-cache' }) }),
    // Only to tell whether the site still serves Broadsheet; its failure fails nothing.
    fetch(WORKER_URL, { cache: 'no-cache' }).catch(() => null),
  ]);
  workerResponse?.body?.cancel().catch(() => {});
  const gone = goneReason(indexResponse, setResponse, workerResponse);
  if (gone) {
    abort.abort();
    throw new SiteGone(gone);
  }
  const setUnchanged = setResponse.status === 304 && current;
  if (!indexResponse.ok || !(setUnchanged || setResponse.ok)) {
    abort.abort();
    throw new Error(`HTTP ${indexResponse.status} for index.html, ${setResponse.status} for static/articles.json`);
  }
  const indexBytes = await indexResponse.arrayBuffer();
  const app = await sha256(indexBytes);
  // The usual answer: the same index.html and a 304 for the set.
  if (setUnchanged && current.app === app) return null;

  // Something changed: a complete snapshot goes into a cache of its own (a
  // fresh name per attempt, so a failed or concurrent attempt never leaves
  // half a snapshot where a complete one is expected).
  const validators = setUnchanged ? known : {
    etag: setResponse.headers.get('etag') || '',
    lastModified: setResponse.headers.get('last-modified') || '',
  };
  const name = `${SNAPSHOT_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  building.add(name);
  let manifest;
  try {
    const cache = await caches.open(name);
    // The set first, hashed as it streams in: its identity is its content,
    // not its date, so a redeploy that rewrote the same articles (or a
    // rebuild under `trunk serve`) is not news.
    let data = current?.data;
    if (setUnchanged) await copySet(current, cache);
    else data = await storeSet(cache, setResponse);
    const version = `${app.slice(0, 16)}-${data.slice(0, 16)}`;
    if (current && current.version === version) {
      // The same contents under new validators: keep the current snapshot,
      // and remember them so the next check is a 304 again (unless another
      // worker has switched meanwhile).
      await caches.delete(name);
      if ((await readPointer())?.name === current.name) await writePointer(current.name, validators);
      return null;
    }
    await cache.put(INDEX_URL, new Response(indexBytes, {
      headers: { 'content-type': indexResponse.headers.get('content-type') || 'text/html; charset=utf-8' },
    }));
    // Every file index.html references, then any snippets the scripts import.
    const urls = [INDEX_URL, SET_URL];
    let next = assetUrls(new TextDecoder().decode(indexBytes), INDEX_URL);
    while (next.length) {
      urls.push(...next);
      const found = await Promise.all(next.map((url) => storeAsset(cache, url)));
      next = [...new Set(found.flat())].filter((url) => !urls.includes(url));
    }
    manifest = { name, version, app, data, urls, stored: new Date().toISOString() };
    // The manifest last: a snapshot without one is incomplete.
    await cache.put(MANIFEST_KEY, json(manifest));
    if (!(await caches.has(name))) throw new Error('the new snapshot was removed while it was being stored');
    const now = await currentSnapshot();
    if (now && now.version === version) {
      // Another worker (a newer sw.js installing) stored the same one first.
      await caches.delete(name);
      return null;
    }
    // The switch: one write. Until here, the current snapshot was untouched.
    manifests.set(name, manifest);
    await writePointer(name, validators);
  } catch (error) {
    abort.abort();
    manifests.delete(name);
    await caches.delete(name);
    throw error;
  } finally {
    building.delete(name);
  }
  await removeUnused();
  await announce(current, manifest);
  return manifest;
}

/**
 * Streams the downloaded set into `cache` (no copy of it is held in
 * memory) and returns its content hash.
 */
async function storeSet(cache, response) {
  const digest = new StreamDigest();
  const hashing = new TransformStream({
    async transform(chunk, controller) {
      await digest.update(chunk);
      controller.enqueue(chunk);
    },
  });
  // Only what the page uses: the length for its progress bar (unless the
  // body was compressed, when the header counts the compressed bytes).
  const headers = { 'content-type': response.headers.get('content-type') || 'application/json' };
  const length = response.headers.get('content-length');
  if (length && !response.headers.get('content-encoding')) headers['content-length'] = length;
  await cache.put(SET_URL, new Response(response.body ? response.body.pipeThrough(hashing) : '', { headers }));
  return digest.finish();
}

/** The unchanged set, copied from the current snapshot (no download). */
async function copySet(current, cache) {
  const stored = await caches.match(SET_URL, { cacheName: current.name });
  if (!stored) throw new Error('the current snapshot has lost its set');
  await cache.put(SET_URL, stored);
}

/** Stores one asset; returns the snippet URLs a script imports (wasm-bindgen's `./snippets/…`). */
async function storeAsset(cache, url) {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok || response.type !== 'basic') throw new Error(`${url}: HTTP ${response.status}`);
  let imports = [];
  if (/\.m?js$/.test(new URL(url).pathname)) {
    const text = await response.clone().text();
    imports = [...text.matchAll(/(["'])(\.\/snippets\/[^"'\s]+)\1/g)].map((m) => new URL(m[2], url).href);
  }
  await cache.put(url, response);
  return imports;
}

// Attributes and script strings that name a file: href=, src=, `from '…'`,
// `import('…')`, and Trunk's loader's `module_or_path: '…'`.
const REFERENCE = /(?:\b(?:href|src)\s*=\s*|\bfrom\s*|\bimport\s*\(\s*|\bmodule_or_path\s*:\s*)(["'])([^"'\s]+)\1/g;

/** The same-origin files, inside the scope, that index.html references (not itself, not the set). */
function assetUrls(html, base) {
  const urls = new Set();
  for (const [, , reference] of html.matchAll(REFERENCE)) {
    let url;
    try { url = new URL(reference, base); } catch { continue; }
    url.hash = '';
    if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) continue;
    if (url.href === SCOPE || url.href === INDEX_URL || url.href === SET_URL) continue;
    urls.add(url.href);
  }
  return [...urls];
}

/**
 * Deletes this scope's snapshots that are neither current, nor being
 * stored, nor what a page was served from that is open (or still being
 * opened); and forgets the pins of closed pages.
 */
async function removeUnused() {
  // `building` before the pointer: a snapshot this worker switches to
  // meanwhile is in one or the other.
  const keep = new Set(building);
  const current = await readPointer();
  if (current) keep.add(current.name);
  const open = new Set((await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((c) => c.id));
  const now = Date.now();
  const inUse = (id, { at, seen }) => open.has(id) || (!seen && now - at < PIN_GRACE_MS);
  const state = await caches.open(STATE_CACHE);
  for (const key of await state.keys()) {
    if (!key.url.startsWith(PIN_PREFIX)) continue;
    const id = decodeURIComponent(key.url.slice(PIN_PREFIX.length));
    const entry = await state.match(key);
    const stored = entry ? await entry.json() : { at: 0, seen: true };
    // This worker may know better (it saw the page open).
    const pinned = { ...stored, seen: stored.seen || Boolean(pins.get(id)?.seen) };
    if (inUse(id, pinned)) keep.add(stored.name);
    else {
      await state.delete(key);
      pins.delete(id);
    }
  }
  for (const [id, pinned] of pins) {
    if (open.has(id)) pinned.seen = true;
    if (inUse(id, pinned)) keep.add(pinned.snapshot.name);
    else pins.delete(id);
  }
  for (const name of await caches.keys()) {
    if (!name.startsWith(SNAPSHOT_PREFIX) || keep.has(name)) continue;
    // Without a manifest and young: another worker (a new sw.js
    // installing) may be storing it. Left for a later clean-up.
    const started = parseInt(name.slice(SNAPSHOT_PREFIX.length), 36);
    if (!(await manifestOf(name)) && now - started < BUILD_GRACE_MS) continue;
    // Another worker may have just switched to it.
    if ((await readPointer())?.name === name) continue;
    manifests.delete(name);
    await caches.delete(name);
  }
}

// ---------------------------------------------------------------- utilities

/**
 * SHA-256 of a stream whatever its chunking: the bytes are cut into 1 MiB
 * blocks, each hashed with the previous block's digest; the length closes
 * the chain. One block in memory at a time.
 */
class StreamDigest {
  static BLOCK = 1 << 20;

  constructor() {
    this.block = new Uint8Array(StreamDigest.BLOCK);
    this.filled = 0;
    this.length = 0;
    this.chain = new Uint8Array(32);
  }

  async update(chunk) {
    for (let offset = 0; offset < chunk.length;) {
      const n = Math.min(StreamDigest.BLOCK - this.filled, chunk.length - offset);
      this.block.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === StreamDigest.BLOCK) await this.flush();
    }
    this.length += chunk.length;
  }

  async flush() {
    const input = new Uint8Array(32 + this.filled);
    input.set(this.chain);
    input.set(this.block.subarray(0, this.filled), 32);
    this.chain = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
    this.filled = 0;
  }

  async finish() {
    await this.flush();
    const length = new TextEncoder().encode(String(this.length));
    const input = new Uint8Array(32 + length.length);
    input.set(this.chain);
    input.set(length, 32);
    return sha256(input);
  }
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function json(value) {
  return new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });
}
