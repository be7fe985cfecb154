// Broadsheet in any page: a reader over your own articles, no build step.
//
//   <script type="module" src="https://your.site/broadsheet/embed.js"></script>
//   <broadsheet-reader src="articles.json" label="Our archive"></broadsheet-reader>
//
// or from a script, over JavaScript objects:
//
//   const reader = await Broadsheet.mount(element, { articles: [{ id, title, published, lead, body, source, url }] });
//   reader.unmount();
//
// `src` is an article set or a sharded archive written by broadsheet-ingest
// (relative to the page); `articles` a list of article objects in the set's
// schema (or a whole set object), checked record by record as a file is:
// a bad one is skipped and listed, the good ones shown. The reader tells
// the page what happens with events on its element, which bubble:
//   broadsheet-load    {articles, skipped: ["articles[2] (id "b"): …"]}
//   broadsheet-error   {message}
//   broadsheet-select  {id, title, published, source, url}  (j/k, the arrows)
//   broadsheet-open    {id, title, published, source, url}  (an article page)
// Each reader keeps its own state (query, filters, the open article) and
// its own styles, in a shadow root; the page's address is never touched.
// Served from another origin, the files need CORS, and the index is built
// on the page's thread (browsers start workers from their own origin only).
//
// Contract: src/embed/ (mountReader, ReaderHandle.unmount, the events),
// src/js.rs EMBED_GLOBAL, tools/embed.py (fills FILES in after each build).

const FILES = /* tools/embed.py */ {};

const here = new URL('.', import.meta.url);
const files = Object.fromEntries(
  Object.entries(FILES).map(([name, path]) => [name, new URL(path, here).href]),
);
// Read by the wasm: it mounts nothing of its own in this page, and finds
// its worker and extra wasms here.
window.broadsheetEmbed = { files };
// The extra wasms' loader, as Broadsheet's own page defines it.
window.broadsheetLoadWasm = window.broadsheetLoadWasm || function (glue, wasm) {
  const loaded = window.broadsheetWasms || (window.broadsheetWasms = {});
  if (!loaded[glue]) {
    const loading = import(new URL(glue, document.baseURI).href).then((module) =>
      module.default({ module_or_path: new URL(wasm, document.baseURI) }).then(() => module));
    loading.catch(() => { delete loaded[glue]; });
    loaded[glue] = loading;
  }
  return loaded[glue];
};

let started = null;
/** The wasm, loaded and started once for every reader on the page. */
function start() {
  if (!started) {
    started = import(files.glue).then(async (bindings) => {
      await bindings.default({ module_or_path: files.wasm });
      return bindings;
    });
    started.catch(() => { started = null; });
  }
  return started;
}

// The mount in progress or done on each element: a newer one replaces it.
const mounts = new WeakMap();

/**
 * Mounts a reader in `element` (in its shadow root) over `options.articles`
 * or `options.src`; `options.label` names it for assistive technology.
 * Resolves to `{element, unmount()}`; rejects when the options give neither
 * or both, or `articles` is not a list.
 */
export async function mount(element, options = {}) {
  if (!(element instanceof Element)) {
    throw new TypeError('Broadsheet.mount: the first argument must be an element');
  }
  mounts.get(element)?.unmount();
  const shadow = element.shadowRoot || element.attachShadow({ mode: 'open' });
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = files.styles;
  // Waits for the styles, so the reader never shows unstyled; a shadow
  // root out of the document loads none until it is placed, so that one
  // mounts at once.
  const styled = element.isConnected
    ? new Promise((resolve) => { link.onload = link.onerror = resolve; })
    : null;
  const root = document.createElement('div');
  shadow.replaceChildren(link, root);
  let handle = null;
  let gone = false;
  const reader = {
    element,
    unmount() {
      gone = true;
      if (handle) {
        handle.unmount();
        handle.free();
        handle = null;
      }
      if (mounts.get(element) === reader) {
        mounts.delete(element);
        shadow.replaceChildren();
      }
    },
  };
  mounts.set(element, reader);
  const [bindings] = await Promise.all([start(), styled]);
  if (!gone) {
    try {
      handle = bindings.mountReader(element, root, options);
    } catch (error) {
      reader.unmount();
      throw error;
    }
  }
  return reader;
}

/** `<broadsheet-reader src="…" label="…">`, or its `articles` property. */
class BroadsheetReader extends HTMLElement {
  static get observedAttributes() { return ['src', 'label']; }

  #articles = undefined;
  #reader = null;

  get articles() { return this.#articles; }
  set articles(value) {
    this.#articles = value;
    if (this.isConnected) this.#render();
  }

  connectedCallback() {
    // A property set before this script defined the element.
    if (Object.prototype.hasOwnProperty.call(this, 'articles')) {
      const value = this.articles;
      delete this.articles;
      this.#articles = value;
    }
    this.#render();
  }

  disconnectedCallback() {
    this.#reader?.unmount();
    this.#reader = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#render();
  }

  async #render() {
    const options = this.#articles !== undefined
      ? { articles: this.#articles }
      : { src: this.getAttribute('src') };
    if (options.articles === undefined && !options.src) return;
    options.label = this.getAttribute('label') || undefined;
    try {
      this.#reader = await mount(this, options);
    } catch (error) {
      this.dispatchEvent(new CustomEvent('broadsheet-error', {
        bubbles: true, composed: true, detail: { message: String(error.message || error) },
      }));
    }
  }
}

if (!customElements.get('broadsheet-reader')) {
  customElements.define('broadsheet-reader', BroadsheetReader);
}
window.Broadsheet = { mount };
