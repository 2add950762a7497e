// The demo command on a machine where its port is taken (#11): a clear message for a chosen PORT,
// the next free port otherwise — never an unhandled EADDRINUSE.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';

const SERVE = fileURLToPath(new URL('../demo/scripts/serve.mjs', import.meta.url));
const held: Server[] = [];
afterEach(() => held.splice(0).forEach((s) => s.close()));

/** Holds a port on 127.0.0.1 (a given one, or any free one); resolves to its number, or null if it is in use already. */
const hold = (port = 0) =>
  new Promise<number | null>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => (held.push(server), resolve((server.address() as { port: number }).port)));
  });

/** Runs the demo command until it prints its address (then stops it) or exits; its output and exit code. */
function demo(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVE], { env: { ...process.env, ...env } });
    let out = '';
    const read = (chunk: Buffer) => {
      out += chunk;
      if (out.includes('shopscene demo store:')) child.kill();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

test('PORT taken: exit 1 with a message that says what to do', async () => {
  const port = (await hold())!;
  const { code, out } = await demo({ PORT: String(port) });
  expect(code).toBe(1);
  expect(out).toContain(`port ${port} is taken (PORT=${port})`);
  expect(out).not.toContain('EADDRINUSE');
}, 30_000);

test('5173 taken and no PORT: the next free port, and it says so', async () => {
  await hold(5173); // ours, or already someone else's: either way 5173 is taken now
  const { out } = await demo({ PORT: '' });
  expect(out).toMatch(/port 5173 is taken; using (\d+)/);
  expect(out).toMatch(/shopscene demo store: http:\/\/127\.0\.0\.1:(?!5173)\d+\//);
}, 30_000);
