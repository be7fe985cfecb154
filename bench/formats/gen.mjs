// Writes one article set (Broadsheet's JSON) out again in the formats the
// scrapers and crawlers of this field write, for `bench/formats.sh`: the
// same articles, real text, in each.
//
//   node bench/formats/gen.mjs SET.json OUT_DIR [N]
//
// broadsheet-set.json (our own layout), news-please.jsonl (news-please's fields, one object a line), trafilatura.jsonl,
// newspaper4k.json (one array), table.csv (newspaper4k's CSV columns, quoted
// line breaks), feed.rss (RSS 2.0, content:encoded HTML, RFC 822 dates with
// offsets), feed.atom (Atom, HTML content). Prints each file's bytes.
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [setPath, out, nArg] = process.argv.slice(2);
const all = JSON.parse(readFileSync(setPath, 'utf8')).articles;
const articles = all.slice(0, Number(nArg || all.length));
mkdirSync(out, { recursive: true });

const text = (a) => [a.lead, ...(a.body || [])].filter(Boolean);
const url = (a, i) => a.url || `https://news.example.org/${i}/${encodeURIComponent(a.id)}`;
const spaced = (iso) => iso.length > 10 ? iso.slice(0, 10) + ' ' + iso.slice(11, 19) : iso;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function rfc822(iso, i) {
  const d = new Date(iso.length > 10 ? iso.slice(0, 19) + 'Z' : iso + 'T12:00:00Z');
  const pad = (n) => String(n).padStart(2, '0');
  const zone = ['+0430', 'GMT', '-0500', '+0900'][i % 4];
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${zone}`;
}
const rfc3339 = (iso) => (iso.length > 10 ? iso.slice(0, 19) : iso + 'T12:00:00') + '+02:00';

const files = {
  // Our own layout: the header line, a record a line (what broadsheet-ingest writes).
  'broadsheet-set.json': '{"format":"broadsheet-article-set","version":2,"articles":[\n'
    + articles.map((a) => JSON.stringify(a)).join(',\n') + '\n]}\n',
  'news-please.jsonl': articles.map((a, i) => JSON.stringify({
    authors: [], date_download: null, date_modify: null, date_publish: spaced(a.published), description: a.lead,
    filename: null, image_url: null, language: a.lang || 'en', localpath: null, maintext: text(a).join('\n'),
    source_domain: a.source || 'news.example.org', title: a.title, title_page: null, title_rss: null, url: url(a, i),
  })).join('\n') + '\n',
  'trafilatura.jsonl': articles.map((a, i) => JSON.stringify({
    title: a.title, author: null, hostname: 'news.example.org', date: a.published.slice(0, 10), fingerprint: null,
    id: null, license: a.license || null, comments: '', raw_text: text(a).join(' '), text: text(a).join('\n'),
    language: a.lang || 'en', image: null, pagetype: 'article', source: url(a, i), 'source-hostname': a.source || null,
  })).join('\n') + '\n',
  'newspaper4k.json': JSON.stringify(articles.map((a, i) => ({
    title: a.title, text: text(a).join('\n\n'), authors: [], publish_date: rfc3339(a.published), url: url(a, i),
    summary: '', keywords: [], top_image: '', meta_lang: a.lang || 'en', canonical_link: url(a, i),
  })), null, 1) + '\n',
  'table.csv': ['url,title,authors,publish_date,summary,text,meta_lang']
    .concat(articles.map((a, i) => [url(a, i), a.title, '[]', spaced(a.published), '', text(a).join('\n\n'), a.lang || 'en']
      .map((c) => `"${String(c).replace(/"/g, '""')}"`).join(','))).join('\r\n') + '\r\n',
  'feed.rss': `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel><title>Bench News</title><link>https://news.example.org/</link><language>en</language>\n`
    + articles.map((a, i) => `<item><title>${esc(a.title)}</title><link>${esc(url(a, i))}</link><guid>${esc(url(a, i))}</guid><pubDate>${rfc822(a.published, i)}</pubDate><content:encoded><![CDATA[${text(a).map((p) => `<p>${esc(p)}</p>`).join('')}]]></content:encoded></item>`).join('\n')
    + '\n</channel></rss>\n',
  'feed.atom': `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench News</title>\n`
    + articles.map((a, i) => `<entry><title>${esc(a.title)}</title><link href="${esc(url(a, i))}"/><id>urn:bench:${i}</id><published>${rfc3339(a.published)}</published><content type="html">${esc(text(a).map((p) => `<p>${esc(p)}</p>`).join(''))}</content></entry>`).join('\n')
    + '\n</feed>\n',
};
for (const [name, body] of Object.entries(files)) {
  writeFileSync(join(out, name), body);
  console.log(`${name}\t${statSync(join(out, name)).size}`);
}
