// Starts a python static server (`python3 -u ARGS…` in `cwd`, which prints
// "… port N …" when it listens) and resolves with its port. Shared by the
// end-to-end harness and the browser benchmarks; no other dependencies.
import { spawn } from 'node:child_process';

export async function spawnStaticServer(args, cwd) {
  const server = spawn('python3', ['-u', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`static server did not start: ${out}`)), 10_000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/port (\d+)/);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    server.on('exit', (code) => fail(new Error(`static server exited (${code}): ${out}`)));
  });
  server.stdout.resume();
  server.stderr.resume();
  return { server, port };
}
