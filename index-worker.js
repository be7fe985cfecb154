// Broadsheet's index worker: builds a downloaded set's search index in a
// second instance of the app's own wasm, on another core, while the page
// shows the cards; the page takes over the finished index and ends this
// worker (its memory goes with it). A module worker, so it can import the
// app's JS glue (hashed by Trunk; the page sends its URL).
// Contract: src/index_worker.rs (the messages), src/js.rs (indexWorker*).

let app = null;
const waiting = [];
// When the wasm was up, the last piece indexed and the answer ready, in
// epoch milliseconds (the page marks them on its own timeline).
const now = () => performance.timeOrigin + performance.now();
const timings = {};

self.onmessage = (event) => {
  const data = event.data;
  if (data && data.glue) {
    start(data);
    return;
  }
  waiting.push(data);
  if (app) drain();
};

async function start({ glue, module, limit }) {
  try {
    const bindings = await import(glue);
    await bindings.default({ module_or_path: module });
    bindings.indexWorkerStart(limit);
    app = bindings;
    timings.ready = now();
    drain();
  } catch (error) {
    self.postMessage({ error: `it could not start the app's wasm (${error})` });
  }
}

/** Hands the pieces that came meanwhile to the wasm; at the end, the index. */
function drain() {
  while (waiting.length) {
    const piece = waiting.shift();
    if (piece === null) {
      timings.caughtUp = now();
      const answer = app.indexWorkerFinish();
      timings.finished = now();
      answer.timings = timings;
      self.postMessage(answer, answer.index ? [answer.index.buffer] : []);
      return;
    }
    app.indexWorkerPush(piece);
  }
}
