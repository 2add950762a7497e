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
  await new Promise((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address();
  return { url: `http://${host}:${actual}`, backend, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startDemoServer({ port: Number(process.env.PORT ?? 5173) });
  console.log(`shopscene demo store: ${url}/  (Ctrl+C to stop)`);
}
