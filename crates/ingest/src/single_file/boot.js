
// --- Broadsheet single-file start-up (broadsheet-ingest --single-file) ---
// The wasm and the article set are embedded above as gzip + base64; a
// data: URL turns each back into a byte stream, unzipped by the browser.
{
  const unzip = async (id) => {
    const text = document.getElementById(id).textContent.trim();
    const response = await fetch(`data:application/gzip;base64,${text}`);
    return response.body.pipeThrough(new DecompressionStream('gzip'));
  };
  // The page reads its article set from this stream instead of fetching it.
  // Contract: crates/core/src/js_contract.rs EMBEDDED_SET_GLOBAL, EMBEDDED_SET_ID
  window.broadsheetEmbeddedSet = () => unzip('broadsheet-set');
  try {
    const wasm = await new Response(await unzip('broadsheet-wasm')).arrayBuffer();
    await __wbg_init({ module_or_path: wasm });
  } catch (error) {
    const main = document.getElementById('main');
    const p = document.createElement('p');
    p.className = 'notice notice-error';
    p.setAttribute('role', 'alert');
    p.textContent = `Broadsheet could not start: ${error}. It needs a current browser (WebAssembly and DecompressionStream).`;
    main.replaceChildren(p);
  }
}
