// Serves the built demo (dist/) on loopback: `pnpm demo` uses it, and so do the browser tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answer, contractHandlers } from './contract-backend.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.map': 'application/json',
};

/**
 * Starts a static server for `root`, with msw playing a backend of our HTTP contract at /api (the
 * demo's REST mode); resolves with its URL, the backend (what it received), and a close function.
 */
export async function startDemoServer({ root = fileURLToPath(new URL('../dist', import.meta.url)), port = 0, host = '127.0.0.1' } = {}) {
  const json = (file) => readFile(join(root, file), 'utf8').then(JSON.parse);
  // '*/api': on whatever host and port the server is reached by.
  const backend = contractHandlers('*/api', json('generated/catalog.json'), json('generated/scenes.json'));
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path.startsWith('/api/')) {
        if (await answer(backend.handlers, req, res)) return;
        return void res.writeHead(404, { 'content-type': 'text/plain' }).end('no such endpoint');
      }
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) return void res.writeHead(403).end();
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => (server.off('error', reject), resolve()));
  });
  const { port: actual } = server.address();
  return { url: `http://${host}:${actual}`, backend, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // PORT=8080 pnpm demo picks the port; without PORT, a taken 5173 gives way to the next free one.
  const asked = process.env.PORT || undefined;
  const first = Number(asked ?? 5173);
  let started;
  for (let port = first; !started && port < first + (asked ? 1 : 20); port++) {
    try {
      started = await startDemoServer({ port });
      if (port !== first) console.log(`port ${first} is taken; using ${port} (set PORT=… to choose)`);
    } catch (error) {
      if (error?.code !== 'EADDRINUSE') throw error;
      if (asked) {
        console.error(`port ${first} is taken (PORT=${asked}): stop what uses it, or choose another, e.g. PORT=${first + 1} pnpm demo`);
        process.exit(1);
      }
    }
  }
  if (!started) {
    console.error(`ports ${first}–${first + 19} are all taken: set PORT=… to a free one`);
    process.exit(1);
  }
  console.log(`shopscene demo store: ${started.url}/  (Ctrl+C to stop)`);
}
