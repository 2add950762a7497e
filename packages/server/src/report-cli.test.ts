// `shopscene report` (#20.4): the experiment table from a store's server on the command line, and a
// non-zero exit when the test's split is broken (sample ratio mismatch) — fit for a store's CI.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from './db/database.ts';
import type { ServerContext } from './context.ts';
import { testDatabase } from './test-support/databases.ts';
import { admin, postEvents, shopEvent, testApp } from './test-support/harness.ts';
import type { NewStore } from './stores.ts';

const CLI = createRequire(import.meta.url).resolve('@shopscene/core/openapi.json').replace(/openapi\.json$/, 'bin/shopscene.mjs');
const NOW = Date.UTC(2027, 1, 10);
const scenes = (id: string) => ({
  themes: { plain: { colors: { primary: '#0b57d0', background: '#ffffff', text: '#1f1f1f', accent: '#0b57d0' } } },
  scenes: [
    {
      id,
      theme: 'plain',
      title: 'Winter sale',
      schedule: { start: '2027-01-01T00:00', end: '2027-03-01T00:00', timeZone: 'UTC' },
      floors: [{ id: 'all', title: 'Everything', source: { categories: ['Tea'] } }],
      variants: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1, title: 'Winter sale: half price' },
      ],
    },
  ],
});

let db: Db;
let app: FastifyInstance;
let ctx: ServerContext;
let store: NewStore;
let url: string;

/** `count` shoppers of each variant exposed to `experiment`; every third one buys. */
async function expose(experiment: string, counts: Record<string, number>) {
  const events: Record<string, unknown>[] = [];
  let n = 0;
  for (const [variant, count] of Object.entries(counts)) {
    for (let i = 0; i < count; i++, n++) {
      const who = { anonymous_id: `${experiment}-${variant}-${i}`, session_id: `s-${experiment}-${variant}-${i}` };
      events.push(shopEvent({ name: 'experiment_exposure', experiment_id: experiment, variant_id: variant, time: NOW - 86_400_000 + n, ...who }));
      if (i % 3 === 0) events.push(shopEvent({ name: 'purchase', transaction_id: `${experiment}-${variant}-${i}`, value: 30, currency: 'USD', time: NOW - 3_600_000 + n, ...who }));
    }
  }
  for (let at = 0; at < events.length; at += 500) expect((await postEvents(app, store.writeKey, events.slice(at, at + 500), { sent_at: NOW })).statusCode).toBe(200);
}

const report = (...args: string[]) =>
  promisify(execFile)(process.execPath, [CLI, 'report', ...args, '--server', url], { env: { ...process.env, SHOPSCENE_ADMIN_TOKEN: store.adminToken } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  ) as Promise<{ code: number; stdout: string; stderr?: string }>;

beforeAll(async () => {
  db = await testDatabase('pglite');
  const t = await testApp(db, { now: () => NOW, refresh: { fit: false } });
  ({ app, ctx } = t);
  store = await t.store();
  const config = scenes('winter');
  config.scenes.push({ ...scenes('broken').scenes[0]!, id: 'broken' });
  expect((await admin(app, store, 'PUT', '/v1/admin/scenes', JSON.stringify(config))).statusCode).toBe(200);
  // A fair split, and one that sent 400 shoppers to "a" and 280 to "b" on weights of 1 : 1.
  await expose('winter', { a: 150, b: 156 });
  await expose('broken', { a: 400, b: 280 });
  expect(await ctx.refresh(store.id)).toMatchObject({ status: 'done' });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

it('prints the experiment table for a test id, and exits 0 when the split is fine', async () => {
  const { code, stdout } = await report('experiment', 'winter');
  expect(code).toBe(0);
  expect(stdout).toMatch(/^winter: (ok|not enough data yet) \(split check p = /);
  expect(stdout).toMatch(/\| a +\| 1 +\| 150 +\|/);
  expect(stdout).toMatch(/\| b +\| 1 +\| 156 +\|/);
  expect(stdout).toMatch(/\| conversion +\| b +\|/);
  const list = await report('experiments');
  expect(list.stdout).toMatch(/\| winter +\| 306 +\| 2 +\| yes/);
});

it('exits non-zero on a sample ratio mismatch, saying why', async () => {
  const { code, stdout } = await report('experiment', 'broken');
  expect(code).toBe(3);
  expect(stdout).toMatch(/^broken: SAMPLE RATIO MISMATCH/);
  expect(stdout).toMatch(/expected a 340, b 340; chi-square 21\.2/);
});

it('names what is wrong: no token, an unknown test, a server that does not answer', async () => {
  const unknown = await report('experiment', 'nope');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/404 no A\/B test "nope"/);
  const down = await promisify(execFile)(process.execPath, [CLI, 'report', 'experiments', '--server', 'http://127.0.0.1:9', '--token', 'sk_x']).catch((e: { code: number; stderr: string }) => e);
  expect(down).toMatchObject({ code: 1, stderr: expect.stringMatching(/did not answer/) });
  const noToken = await promisify(execFile)(process.execPath, [CLI, 'report', 'experiments', '--server', url], { env: { ...process.env, SHOPSCENE_ADMIN_TOKEN: '' } }).catch((e: { code: number; stderr: string }) => e);
  expect(noToken).toMatchObject({ code: 1, stderr: expect.stringMatching(/admin token/) });
});
