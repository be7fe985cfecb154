// Writes a crawl as a `.warc.gz` the way Common Crawl's CC-NEWS does: one
// gzip member per record, a `warcinfo` first, then for each page a
// `request`, a `response` (the HTTP headers and the page's HTML) and a
// `metadata` record; among them, as in a real crawl, responses that are
// not articles (a stylesheet, an image, a redirect, a section front). The
// articles are a set's (the realistic generator's: real paragraphs, a
// vocabulary growing like a news archive's) put into pages with the
// boilerplate a news site wraps them in: navigation, a sidebar of other
// headlines, a footer, scripts and an inline state blob that compresses as
// badly as real ones. For `bench/warc.sh` (streaming, peak memory).
//
//   node bench/formats/gen-warc.mjs SET.json OUT.warc.gz [TARGET_BYTES]
//
// Stops at TARGET_BYTES of output (default: every article once); prints
// the bytes written and the counts of each kind of record.
import { readFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const [setPath, out, targetArg] = process.argv.slice(2);
if (!setPath || !out) {
  console.error('usage: node gen-warc.mjs SET.json OUT.warc.gz [TARGET_BYTES]');
  process.exit(2);
}
const target = Number(targetArg || Infinity);
const articles = JSON.parse(readFileSync(setPath, 'utf8')).articles;

// A small fixed generator, so two runs write the same bytes.
let seed = 0x9e3779b9;
const random = () => {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 0x100000000;
};
const BLOB = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const blob = (n) => Array.from({ length: n }, () => BLOB[Math.floor(random() * 64)]).join('');

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const OFFSETS = ['+04:30', 'Z', '-05:00', '+09:00', '+03:30', '+01:00'];
const HOSTS = ['www.example-daily.com', 'news.example.org', 'www.example-herald.net', 'example-wire.com'];

function page(a, i, host, url) {
  const when = (a.published.length > 10 ? a.published.slice(0, 19) : a.published + 'T12:00:00') + OFFSETS[i % OFFSETS.length];
  const paragraphs = [a.lead, ...(a.body || [])].filter(Boolean);
  const others = Array.from({ length: 12 }, (_, k) => articles[(i + 7 * k + 1) % articles.length]);
  const sections = ['World', 'Politics', 'Business', 'Technology', 'Science', 'Health', 'Sport', 'Culture', 'Opinion'];
  const nav = sections.map((s) => `<li class="nav-item"><a class="nav-link" href="/${s.toLowerCase()}/">${s}</a><ul class="mega-menu">${
    ['Latest', 'Analysis', 'Features', 'Interviews', 'Video', 'Photos', 'Podcasts', 'Newsletters', 'Archive', 'Live']
      .map((t) => `<li class="mega-item"><a class="mega-link" href="/${s.toLowerCase()}/${t.toLowerCase()}/">${t}</a></li>`).join('')}</ul></li>`).join('\n');
  return `<!DOCTYPE html>
<html lang="${esc(a.lang || 'en')}"><head><meta charset="utf-8">
<title>${esc(a.title)} | ${esc(a.source || host)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article"><meta property="og:title" content="${esc(a.title)}">
<meta property="og:site_name" content="${esc(a.source || host)}"><meta property="og:url" content="${esc(url)}">
<meta property="article:published_time" content="${when}">
<link rel="stylesheet" href="/static/site.${i % 97}.css">
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: a.title, datePublished: when, publisher: { '@type': 'Organization', name: a.source || host } }).replace(/</g, '\\u003c')}</script>
<script>window.__STATE__="${blob(700)}";window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-${blob(10)}');</script>
<style>body{font-family:Georgia,serif;margin:0}.nav li{display:inline-block;padding:0 .5em}.sidebar{float:right;width:30%}.footer{clear:both;font-size:.8em}</style>
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. <a href="/privacy">Learn more</a> <button>Accept</button></div>
<header class="masthead"><a class="logo" href="/">${esc(a.source || host)}</a><nav class="nav"><ul>${nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"><button>Go</button></form></header>
<main><article class="story">
<h1 class="headline">${esc(a.title)}</h1>
<div class="byline">By Staff Reporter · <time datetime="${when}">${esc(a.published.slice(0, 10))}</time></div>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
<div class="story-body">
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</div>
<div class="tags">Topics: <a href="/world/">World</a>, <a href="/politics/">Politics</a></div>
</article></main>
<aside class="sidebar"><h2>Most read</h2><ol>${others.map((o, k) => `<li><a href="/story/${(i + k) % 100000}">${esc(o.title)}</a></li>`).join('')}</ol>
<div class="ad" data-slot="${blob(16)}">Advertisement</div></aside>
<footer class="footer"><p>© 2024 ${esc(a.source || host)}. All rights reserved.</p><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/privacy">Privacy policy</a></li></ul>
<p>first name &amp; last name</p><form class="comment"><label>Your comment</label><textarea></textarea></form></footer>
<script src="/static/app.${blob(8)}.js" defer></script>
</body></html>
`;
}

const fd = openSync(out, 'w');
let written = 0;
const counts = {};
let serial = 0;
function record(type, uri, date, contentType, body) {
  const payload = Buffer.from(body, 'utf8');
  serial += 1;
  const headers = [
    'WARC/1.0',
    `WARC-Type: ${type}`,
    `WARC-Date: ${date}`,
    `WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-${String(serial).padStart(12, '0')}>`,
    ...(uri ? [`WARC-Target-URI: ${uri}`] : []),
    `Content-Type: ${contentType}`,
    `Content-Length: ${payload.length}`,
  ].join('\r\n');
  const member = gzipSync(Buffer.concat([Buffer.from(headers + '\r\n\r\n'), payload, Buffer.from('\r\n\r\n')]));
  writeSync(fd, member);
  written += member.length;
  counts[type] = (counts[type] || 0) + 1;
}
const http = (status, reason, headers, body) =>
  `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`;

record('warcinfo', null, '2024-12-31T00:00:00Z', 'application/warc-fields',
  'software: broadsheet bench/formats/gen-warc.mjs\r\nformat: WARC File Format 1.0\r\n');
let pages = 0;
let extras = 0;
for (let i = 0; written < target && i < articles.length; i += 1) {
  const a = articles[i];
  const host = HOSTS[i % HOSTS.length];
  const url = `https://${host}/${a.published.slice(0, 4)}/story-${i}-${encodeURIComponent(a.id)}`;
  const captured = new Date(Date.parse('2025-01-01T00:00:00Z') + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  record('request', url, captured, 'application/http; msgtype=request',
    `GET /${url.split('/').slice(3).join('/')} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: bench\r\n\r\n`);
  const html = page(a, i, host, url);
  record('response', url, captured, 'application/http; msgtype=response',
    http(200, 'OK', [['Content-Type', 'text/html; charset=utf-8'], ['Content-Length', Buffer.byteLength(html)]], html));
  record('metadata', url, captured, 'application/warc-fields', `fetchTimeMs: ${1 + (i % 900)}\r\n`);
  pages += 1;
  // Every tenth page, what else a crawl fetches.
  if (i % 10 === 0) {
    const kind = (i / 10) % 4;
    const base = `https://${host}/`;
    if (kind === 0) record('response', `${base}static/site.${i % 97}.css`, captured, 'application/http; msgtype=response',
      http(200, 'OK', [['Content-Type', 'text/css']], '.nav li{display:inline-block}'.repeat(40)));
    if (kind === 1) record('response', `${base}img/${i}.jpg`, captured, 'application/http; msgtype=response',
      http(200, 'OK', [['Content-Type', 'image/jpeg']], blob(6000)));
    if (kind === 2) record('response', `${base}old/${i}`, captured, 'application/http; msgtype=response',
      http(301, 'Moved Permanently', [['Location', url], ['Content-Type', 'text/html']], '<a href="' + esc(url) + '">moved</a>'));
    if (kind === 3) record('response', base, captured, 'application/http; msgtype=response',
      http(200, 'OK', [['Content-Type', 'text/html; charset=utf-8']], `<!DOCTYPE html><html><head><meta property="og:type" content="website"><title>${esc(host)}</title></head><body><ul>${articles.slice(i, i + 30).map((o) => `<li><a href="/x">${esc(o.title)}</a></li>`).join('')}</ul></body></html>`));
    extras += 1;
  }
}
closeSync(fd);
console.log(`${out}\t${written} bytes\t${pages} article pages\t${extras} other responses\t${JSON.stringify(counts)}`);
