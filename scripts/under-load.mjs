// The browser suites on a busy machine (#13): keeps every core spinning in child processes while the
// unit and browser tests run, RUNS times in a row (3 by default), and stops at the first red run.
// `pnpm test:under-load` builds first; `RUNS=5 BUSY=4 pnpm test:under-load` asks for more.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.RUNS ?? 3);
const busy = Number(process.env.BUSY ?? availableParallelism());
// Each spinner also stops by itself once this process is gone (killed outright, it leaves no orphans).
const spin = 'const parent = process.ppid; for (;;) { for (let i = 0; i < 5e6; i++) Math.sqrt(i); if (process.ppid !== parent) process.exit(); }';
const spinners = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', spin], { stdio: 'ignore' }));
const stop = () => spinners.forEach((s) => s.kill('SIGKILL'));
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
console.log(`${busy} processes keep the CPU busy; the unit, server and browser tests run ${runs} times in a row`);

const run = (args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)), 'run', ...args], { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });

const results = [];
for (let i = 1; i <= runs; i++) {
  const started = Date.now();
  const code = (await run(['--project', 'unit'])) || (await run(['--project', 'server'])) || (await run(['--project', 'e2e']));
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  results.push(`run ${i}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${minutes} min`);
  console.log(`\n${results.at(-1)}\n`);
  if (code !== 0) break;
}
stop();
console.log(`under load (${busy} busy processes):\n  ${results.join('\n  ')}`);
process.exit(results.length === runs && results.every((r) => r.includes('passed')) ? 0 : 1);
