// Runs the load phases of crates/core/examples/load_phases.rs, built for
// wasm (see this folder's README), over a set in V8: in node, or with
// `--chromium` in a page of headless Chromium (the page's own engine).
// Prints each round and the fastest of ROUNDS per phase, in ms.
//
//   node bench/wasm-phases/run.mjs [--chromium] WASM SET.json [ROUNDS]
import { readFileSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const inChromium = args[0] === '--chromium';
const [wasmPath, setPath, roundsArg] = inChromium ? args.slice(1) : args;
const rounds = Number(roundsArg || 3);
const names = [
  'reader (as the page: 32 KB pieces, take_articles)',
  'serde_json per record line',
  'duplicate rule (fingerprint, id map)',
  'words (for_each_word)',
  'words normalised (for_each_token)',
  'index pushes',
  'index finish',
  'reader, a first time (heap growing)',
  "index to bytes (a worker's hand-over)",
  'index from bytes',
];

/** One compiled module, a fresh instance per round (its memory starts
 * small each time, as in a page); returns each round's times. */
async function runAll(wasmBytes, file, rounds) {
  const module = await WebAssembly.compile(wasmBytes);
  const all = [];
  for (let r = 0; r < rounds; r++) {
    const instance = await WebAssembly.instantiate(module, { env: { now: () => performance.now() } });
    const e = instance.exports;
    const ptr = e.alloc(file.length);
    new Uint8Array(e.memory.buffer, ptr, file.length).set(file);
    const at = e.run(ptr, file.length);
    all.push(Array.from(new Float64Array(e.memory.buffer, at, e.phase_count())));
  }
  return all;
}

let all;
if (inChromium) {
  const { launchChromium, openPage } = await import('../../tools/browser/chromium.mjs');
  const { serveFolder } = await import('../../tools/browser/static-server.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'wasm-phases-'));
  symlinkSync(resolve(wasmPath), join(dir, 'phases.wasm'));
  symlinkSync(resolve(setPath), join(dir, 'set.json'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>phases</title>');
  const server = await serveFolder(dir);
  const browser = await launchChromium();
  const { page, cdp } = await openPage(browser, { cdp: !!process.env.PROFILE });
  await page.goto(server.origin + '/index.html');
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  all = await page.evaluate(async ([source, rounds]) => {
    const runAll = eval(`(${source})`);
    const get = async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer());
    return runAll(await get('phases.wasm'), await get('set.json'), rounds);
  }, [runAll.toString(), rounds]);
  if (cdp) {
    // PROFILE=1: self time per function over all rounds, the top 30.
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const name = byId.get(id).callFrame.functionName || '(anonymous)';
      self.set(name, (self.get(name) || 0) + profile.timeDeltas[i]);
      total += profile.timeDeltas[i];
    });
    [...self].sort((a, b) => b[1] - a[1]).slice(0, 30).forEach(([name, us]) =>
      console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${(100 * us / total).toFixed(1).padStart(5)}%  ${name.slice(0, 140)}`));
  }
  await browser.close();
  await server.stop();
} else {
  all = await runAll(readFileSync(wasmPath), readFileSync(setPath), rounds);
}
const best = names.map((_, i) => Math.min(...all.map((t) => t[i])));
all.forEach((t, r) => console.log(`round ${r}: ${t.map((x) => x.toFixed(0)).join(' ')}`));
console.log(`${setPath}: ${readFileSync(setPath).length} bytes, ${inChromium ? 'Chromium' : 'node'}; fastest per phase (ms):`);
names.forEach((n, i) => console.log(`${best[i].toFixed(1).padStart(9)}  ${n}`));
