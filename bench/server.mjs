// The server section of `pnpm bench` (#18): events ingested per second (batches of 20) on PGlite and
// on a PostgreSQL server, beside the in-memory reference collector as the upper bound; recommendations
// p50/p95 with 50 concurrent shoppers over a 10,000-product catalog; each server's memory. Load from
// autocannon on loopback, bounded in requests and time; each server a process of its own.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, startPostgresCluster } from '../scripts/postgres-cluster.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Peak and current resident memory of a process, MB (from /proc; null elsewhere). */
function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peak: Math.round(kb('VmHWM') / 1024), now: Math.round(kb('VmRSS') / 1024) };
  } catch {
    return null;
  }
}

/** A shopscene server process (the built bin) with fixed keys, on a free port. */
async function serverProcess({ databaseUrl, catalog } = {}) {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'shopscene-bench-'));
  const key = `pk_${randomBytes(12).toString('hex')}`;
  const token = `sk_${randomBytes(16).toString('hex')}`;
  // Limits far above the load: the bench measures the server, not its rate limiter.
  const args = ['--port', String(port), '--data', data, '--log-level', 'silent', '--refresh-every', '0', '--limit-per-address', '100000000', '--limit-per-key', '100000000'];
  const child = spawn(process.execPath, [join(root, 'packages/server/bin/shopscene-server.mjs'), ...args, ...(catalog ? ['--catalog', catalog] : [])], {
    env: { ...process.env, SHOPSCENE_WRITE_KEY: key, SHOPSCENE_ADMIN_TOKEN: token, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => ((output += d), output.includes('shopscene server on') && resolve()));
    child.once('exit', (code) => reject(new Error(`the server stopped (${code}): ${output}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    key,
    token,
    pid: child.pid,
    async stop() {
      await new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

let serial = 0;
/** A batch of 20 new events, as the SDK sends them. */
function batch() {
  const now = Date.now();
  const events = Array.from({ length: 20 }, (_, i) => ({
    name: i % 4 ? 'view_item' : 'add_to_cart', event_id: `b${process.pid}-${serial++}`, time: now - 1000 + i, anonymous_id: `a${serial % 5000}`, session_id: `s${serial % 2000}`,
    items: [{ item_id: `p${(serial * 7919) % 10_000}`, item_name: 'Tea cup', price: 9.5 }], page: { url: 'https://shop.example/p', path: '/p', title: 'Tea cup', referrer: '' },
  }));
  return JSON.stringify({ events, sent_at: now });
}

/** Runs autocannon with a fresh body per request; returns requests/s, events/s and latencies (p50, p95) from every response. */
function load(url, { connections, amount, duration, body, headers }) {
  return new Promise((resolve, reject) => {
    const times = [];
    const instance = autocannon(
      { url, connections, ...(amount ? { amount } : { duration }), method: 'POST', headers, requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }] },
      (error, result) => {
        if (error) return reject(error);
        times.sort((a, b) => a - b);
        const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
        // Answered requests per second, from the whole run (not autocannon's per-second samples).
        resolve({ rps: result['2xx'] / result.duration, ok: result['2xx'], errors: result.errors + result.non2xx, seconds: result.duration, p50: at(0.5), p95: at(0.95) });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => status < 300 && times.push(ms));
  });
}

/** A 10,000-product catalog: the demo's products over and over, each its own id. */
function bigCatalog() {
  const demo = JSON.parse(readFileSync(join(root, 'demo/public/generated/catalog.json'), 'utf8'));
  return Array.from({ length: 10_000 }, (_, i) => {
    const p = demo[i % demo.length];
    // Each with a related list, as `shopscene related` would give it (20 neighbours).
    const related = Array.from({ length: 20 }, (_, j) => [`p${(i * 31 + j * 97 + 1) % 10_000}`, Math.round((1 - j / 25) * 1000) / 1000]);
    return { ...p, id: `p${i}`, title: `${p.title} ${i}`, popularity: (i * 7919) % 1000, related };
  });
}

export async function benchServer() {
  const { startCollector } = await import(`${root}collector/server.mjs`);
  const cluster = await startPostgresCluster({ fsync: true });
  const catalogFile = join(mkdtempSync(join(tmpdir(), 'shopscene-catalog-')), 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(bigCatalog()));
  const rows = [];
  const amount = Number(process.env.BENCH_SERVER_REQUESTS ?? 3000); // requests of 20 events each
  try {
    // 1. Recommendations, 50 shoppers at once, each with what they looked at last; on a quiet database
    // (before the flood of events, whose vacuum would compete for the same two cores).
    const targets = [['PGlite (embedded)', {}], ['PostgreSQL 1 server', { databaseUrl: cluster.url }]];
    for (const [name, options] of targets) {
      const server = await serverProcess({ ...options, catalog: catalogFile });
      // 2,000 shoppers, made beforehand, so the load tool spends its time sending (it shares the two cores).
      const shoppers = Array.from({ length: 2000 }, () => {
        const recent = Array.from({ length: 5 }, (_, i) => ({ id: `p${Math.floor(Math.random() * 10_000)}`, time: Date.now() - i * 60_000 }));
        return JSON.stringify({ placement: 'guess-you-like', limit: 12, profile: { interests: { Beauty: 0.6, Groceries: 0.3 }, rfmSegment: 'general-development', aipl: {}, traits: {}, recent } });
      });
      let next = 0;
      const shopper = () => shoppers[next++ % shoppers.length];
      await load(`${server.url}/v1/recommendations?key=${server.key}`, { connections: 50, duration: 2, body: shopper, headers: { 'content-type': 'application/json' } }); // warm-up
      const recommend = await load(`${server.url}/v1/recommendations?key=${server.key}`, { connections: 50, duration: Number(process.env.BENCH_SERVER_SECONDS ?? 10), body: shopper, headers: { 'content-type': 'application/json' } });
      // 2. Ingest: the same flood against each (and against the in-memory collector, below).
      const ingest = await load(`${server.url}/v1/events?key=${server.key}`, { connections: 10, amount, body: batch, headers: { 'content-type': 'text/plain' } });
      // 3. The refresh job over what came in.
      const refresh = await (await fetch(`${server.url}/v1/admin/refresh`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` } })).json();
      rows.push({ name, recommend, ingest, refresh, memory: memory(server.pid) });
      await server.stop();
    }
    const collector = await startCollector();
    const upper = await load(`${collector.url}/v1/events`, { connections: 10, amount, body: batch, headers: { 'content-type': 'text/plain' } });
    await collector.close();
    const eps = (r) => r.ingest.rps * 20;
    console.log(`\nserver: events in (batches of 20, ${amount.toLocaleString('en')} requests, 10 connections) and recommendations (50 shoppers at once, 10,000 products), autocannon on loopback`);
    console.log(`${'backend'.padEnd(26)}${'events/s'.padEnd(12)}${'vs collector'.padEnd(14)}${'failed'.padEnd(8)}${'recs/s'.padEnd(10)}${'recs p50'.padEnd(11)}${'recs p95'.padEnd(11)}${'memory peak'.padEnd(13)}goals`);
    console.log(`${'in-memory collector'.padEnd(26)}${Math.round(upper.rps * 20).toLocaleString('en').padEnd(12)}${'1.00'.padEnd(14)}${String(upper.errors).padEnd(8)}${'—'.padEnd(10)}${'—'.padEnd(11)}${'—'.padEnd(11)}${'—'.padEnd(13)}(the upper bound)`);
    for (const r of rows) {
      const goals = [
        r.name.startsWith('PostgreSQL') ? `${eps(r) >= 5000 ? '✓' : '✗'} ≥ 5,000 events/s` : '',
        `${r.recommend.p95 <= 50 ? '✓' : '✗'} p95 ≤ 50 ms`,
        r.name.startsWith('PGlite') ? `${r.memory && r.memory.peak < 1024 ? '✓' : '✗'} < 1 GB` : '',
      ].filter(Boolean);
      console.log(
        `${r.name.padEnd(26)}${Math.round(eps(r)).toLocaleString('en').padEnd(12)}${(eps(r) / (upper.rps * 20)).toFixed(2).padEnd(14)}${String(r.ingest.errors).padEnd(8)}${Math.round(r.recommend.rps).toLocaleString('en').padEnd(10)}${`${r.recommend.p50.toFixed(1)} ms`.padEnd(11)}${`${r.recommend.p95.toFixed(1)} ms`.padEnd(11)}${(r.memory ? `${r.memory.peak} MB` : '?').padEnd(13)}${goals.join('; ')}`,
      );
    }
    for (const r of rows) console.log(`refresh job on ${r.name}: ${r.refresh.events?.toLocaleString('en')} events → ${r.refresh.lists?.toLocaleString('en')} related lists in ${((r.refresh.ms ?? 0) / 1000).toFixed(1)} s`);
    console.log('(PostgreSQL here: one local server, fsync on. The plain COPY without deduplication that SERVER-NOTES.md measured, 50–70k rows/s, is the ceiling to compare with.)');
  } finally {
    cluster.stop();
    rmSync(catalogFile, { force: true });
  }
}
