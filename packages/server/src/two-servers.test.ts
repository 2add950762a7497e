// Beyond one machine (#18): two server processes on one PostgreSQL database, flooded with events
// (the same batches sent to both, as a retry through a load balancer would) and asked to refresh at
// the same moment: every event is stored once, and the refresh job never runs twice at once (while a
// run holds the store's lock, both skip).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { openPostgres } from './db/postgres.ts';
import { refreshLock } from './learn/refresh.ts';
import { shopEvent } from './test-support/harness.ts';
// @ts-expect-error: a plain ESM helper shared with the bench
import { createDatabase } from '../../../scripts/postgres-cluster.mjs';

const ROOT = join(import.meta.dirname, '../../..');
const KEY = `pk_${randomBytes(12).toString('hex')}`;
const TOKEN = `sk_${randomBytes(16).toString('hex')}`;
const children: ChildProcess[] = [];
const databases: { close(): Promise<void> }[] = [];
afterAll(async () => {
  children.forEach((c) => c.kill('SIGKILL'));
  await Promise.all(databases.map((db) => db.close()));
});

/** A server process on the database at `url`; resolves with its address once it serves. */
function server(url: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(join(ROOT, 'node_modules/.bin/shopscene-server'), ['--port', '0', '--log-level', 'warn', '--refresh-every', '0'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, SHOPSCENE_WRITE_KEY: KEY, SHOPSCENE_ADMIN_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      output += d;
      const m = /shopscene server on (http:\/\/\S+)/.exec(output);
      if (m) resolve({ url: m[1]!, stop: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`the server stopped (${code}):\n${output}`)));
  });
}

it('two servers on one database: a flood sent to both is stored once per event; a refresh asked of both never runs twice at once', async () => {
  const url: string = await createDatabase(inject('postgresUrl'), `t_two_${randomBytes(4).toString('hex')}`);
  const [a, b] = await Promise.all([server(url), server(url)]); // they set up the same store at the same time
  const db = await openPostgres(url);
  databases.push(db);
  const batches = Array.from({ length: 60 }, (_, i) => Array.from({ length: 20 }, (_, j) => shopEvent({ session_id: `s-${i % 12}`, items: [{ item_id: `p${(i + j) % 30}` }] })));
  const send = (to: string, events: unknown[]) =>
    fetch(`${to}/v1/events?key=${KEY}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ events, sent_at: Date.now() }) }).then((r) => r.json() as Promise<{ accepted: number; duplicates: number }>);
  const refresh = (to: string) => fetch(`${to}/v1/admin/refresh`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json() as Promise<{ status: string }>);
  // While a run holds the store's lock (taken here, as a run on a third server would), both skip.
  const store = (await db.query<{ store_id: string }>('SELECT store_id FROM stores')).rows[0]!.store_id;
  const release = await db.tryLock(refreshLock(store));
  expect(release).not.toBeNull();
  expect((await Promise.all([refresh(a.url), refresh(b.url)])).map((r) => r.status)).toEqual(['skipped', 'skipped']);
  await release!();
  // Every batch to both servers, all at once, with a refresh asked of each in the middle of it.
  const answers = await Promise.all([
    ...batches.flatMap((events) => [send(a.url, events), send(b.url, events)]),
    ...[a.url, b.url].map((to) => new Promise((r) => setTimeout(r, 50)).then(() => refresh(to))),
  ]);
  const stored = answers.slice(0, -2) as { accepted: number; duplicates: number }[];
  const refreshes = answers.slice(-2) as { status: string }[];
  expect(stored.reduce((n, s) => n + s.accepted, 0)).toBe(1200);
  expect(stored.reduce((n, s) => n + s.duplicates, 0)).toBe(1200);
  // Asked of both at once: one runs and the other skips, or (on a busy machine) the first was done
  // before the second asked and both ran — one after the other, never overlapping.
  const done = refreshes.filter((r) => r.status === 'done').length;
  expect(done).toBeGreaterThanOrEqual(1);
  expect(refreshes.filter((r) => r.status !== 'done').map((r) => r.status)).toEqual(Array(2 - done).fill('skipped'));
  expect((await db.query<{ n: number; unique: number }>('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS unique FROM events')).rows[0]).toEqual({ n: 1200, unique: 1200 });
  const runs = (await db.query<{ started: number; finished: number; status: string }>('SELECT started_at::float8 AS started, finished_at::float8 AS finished, status FROM refresh_runs ORDER BY started_at')).rows;
  expect(runs.map((r) => r.status)).toEqual(Array(done).fill('done'));
  for (let i = 1; i < runs.length; i++) expect(runs[i]!.started).toBeGreaterThanOrEqual(runs[i - 1]!.finished);
  expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM stores')).rows[0]!.n).toBe(1);
  await Promise.all([a.stop(), b.stop()]);
});
