// Serves the built demo (dist/) on loopback: `pnpm demo` uses it, and so do the browser tests. Its
// REST mode talks to the shopscene server (embedded database), started the first time a page calls
// /api and reached through this server, so /api is on the demo's own origin.
import { createServer, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

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
 * The demo store's keys on its shopscene server. Public by design (a write key sits in every page's
 * script tag); the admin token is a demo's, printed at start for the report page — never use it elsewhere.
 */
export const DEMO_KEYS = { writeKey: 'pk_shopsceneDemoStore2027', adminToken: 'sk_shopsceneDemoStoreAdminOnlyForTheDemo' };

/**
 * The shopscene server for the demo's REST mode: PGlite in `dataDir` with the demo's catalog and
 * scenes, on a free loopback port; started on first use. `events()` reads what it stored.
 */
function demoBackend(root, dataDir) {
  let starting;
  const start = () =>
    (starting ??= (async () => {
      const { startServer } = await import('@shopscene/server');
      return startServer({
        port: 0,
        database: { dataDir },
        store: { id: 'demo', ...DEMO_KEYS, catalogFile: join(root, 'generated/catalog.json'), scenesFile: join(root, 'generated/scenes.json') },
        refreshEveryMs: 60_000,
        logLevel: false,
      });
    })());
  return {
    start,
    started: () => !!starting,
    /** The events the store holds, as the SDK sent them. */
    async events() {
      if (!starting) return [];
      const server = await starting;
      const { rows } = await server.db.query('SELECT body FROM events WHERE store_id = $1 ORDER BY time', ['demo']);
      return rows.map((r) => r.body);
    },
    async close() {
      if (starting) await (await starting).close();
    },
  };
}

/** Passes a request to the shopscene server, unchanged but for its path (/api/v1/… → /v1/…). */
async function forward(backend, req, res) {
  const server = await backend.start();
  const target = new URL(server.url);
  await new Promise((resolve) => {
    const out = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url.replace(/^\/api/, ''), headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
      },
    );
    out.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502, { 'content-type': 'text/plain' }).end('the shopscene server did not answer'), resolve()));
    // A page that goes away mid-request takes the request to the server with it.
    req.on('close', () => req.complete || out.destroy());
    res.on('close', () => res.writableFinished || out.destroy());
    req.pipe(out);
  });
}

/**
 * Starts a static server for `root`, with the shopscene server behind /api (the demo's REST mode);
 * resolves with its URL, the backend (what it stored), and a close function. `dataDir` is where the
 * backend keeps its database (a temporary folder, removed on close, by default).
 */
export async function startDemoServer({ root = fileURLToPath(new URL('../dist', import.meta.url)), port = 0, host = '127.0.0.1', dataDir } = {}) {
  const folder = dataDir ?? mkdtempSync(join(tmpdir(), 'shopscene-demo-'));
  const backend = demoBackend(root, folder);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path.startsWith('/api/')) return void (await forward(backend, req, res));
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) return void res.writeHead(403).end();
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => (server.off('error', reject), resolve()));
  });
  const { port: actual } = server.address();
  return {
    url: `http://${host}:${actual}`,
    backend,
    close: async () => {
      await new Promise((r) => (server.closeAllConnections(), server.close(r)));
      await backend.close();
      if (!dataDir) rmSync(folder, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // PORT=8080 pnpm demo picks the port; without PORT, a taken 5173 gives way to the next free one.
  const asked = process.env.PORT || undefined;
  const first = Number(asked ?? 5173);
  const dataDir = fileURLToPath(new URL('../.data', import.meta.url));
  let started;
  for (let port = first; !started && port < first + (asked ? 1 : 20); port++) {
    try {
      started = await startDemoServer({ port, dataDir });
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
  // The backend starts now (tests start it on first use): a page switched to REST mode finds it up.
  started.backend.start().catch((error) => console.error(`the demo's shopscene server did not start: ${error.message}`));
  console.log(`shopscene demo store: ${started.url}/  (Ctrl+C to stop)`);
  console.log(`  its REST mode (the inspector's Backend switch) uses the shopscene server, embedded database in demo/.data;`);
  console.log(`  the store's report page: ${started.url}/api/report (admin token ${DEMO_KEYS.adminToken})`);
  const stop = () => started.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
