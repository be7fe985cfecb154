// Broadsheet: the core's search in relevance order, natively, through the
// example crates/core/examples/relevance.rs (the same code the page runs
// as wasm). `./dev bench relevance` builds it first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const BIN = process.env.RELEVANCE_BIN
  || join(process.env.CARGO_TARGET_DIR || join(ROOT, 'target'), 'release/examples/relevance');

export const name = 'Broadsheet';
export const config = 'SearchIndex::new, SearchQuery::parse (whole words: no quotes or minus signs, a trailing space), Order::Relevance (AND)';
export const version = () => {
  const toml = readFileSync(join(ROOT, 'crates/core/Cargo.toml'), 'utf8');
  return toml.match(/^version = "([^"]+)"/m)[1];
};

/** Map queryId → { docs (best first, at most 100), matches }. */
export async function run({ setPath, queriesPath }) {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: cargo build --release -p broadsheet-core --example relevance`);
  }
  const out = execFileSync(BIN, [setPath, queriesPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const runs = new Map();
  for (const line of out.split('\n').filter(Boolean)) {
    const { id, docs, matches } = JSON.parse(line);
    runs.set(id, { docs, matches });
  }
  return runs;
}
