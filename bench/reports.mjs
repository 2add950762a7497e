// The reports section of `pnpm bench` (#20): a store with 1,000,000 stored events on the embedded
// database and 10,000,000 on a PostgreSQL server (made in the database with generate_series: a year's
// traffic of a mid-sized shop, in minutes), the refresh job's rebuild of what the reports read, then
// each report answered over HTTP (median of 5) against its budget: 1 s on PGlite, 2 s on PostgreSQL.
// BENCH_REPORT_EVENTS=200000,2000000 sizes it down for a quick look; BENCH_REPORT_DATABASE_URL runs the
// PostgreSQL half on a database of yours (its events kept for the next run).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresCluster } from '../scripts/postgres-cluster.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SCENE = 'spring-festival-2027';

/** The demo's spring festival with an A/B test of its venue. */
function sceneConfig() {
  const config = JSON.parse(readFileSync(join(root, 'demo/public/scenes/spring-festival.json'), 'utf8'));
  config.scenes[0].variants = [
    { id: 'classic', weight: 1 },
    { id: 'bold', weight: 1, title: { en: 'Spring Festival: the big sale', 'zh-CN': '年货节大促' } },
  ];
  return config;
}

/**
 * `count` events of a store in one statement per 250,000, ten per shopper across the scene: an
 * exposure to one version of the venue, page views (some landing through a shared link), floor views
 * and clicks, product views of 40 brands, carts, coupons, group buys, live clicks, shares, and
 * purchases (6 % of shoppers, 6.6 % in the bold version).
 */
async function generate(db, store, count, start, end) {
  const shoppers = Math.floor(count / 10);
  const span = Math.max(1, Math.floor((end - start - 12 * 60_000) / shoppers));
  for (let from = 1; from <= count; from += 250_000) {
    const to = Math.min(count, from + 250_000 - 1);
    await db.query(
      `WITH g AS (
         SELECT n, (n - 1) / 10 AS s, (n - 1) % 10 AS k, ('x' || substr(md5(((n - 1) / 10)::text), 1, 8))::bit(32)::int AS h
         FROM generate_series($2::bigint, $3::bigint) AS n
       ),
       e AS (
         SELECT n, s, k, h, $4::bigint + s * $5::bigint + k * 60000 AS t,
           'dev-' || s AS anon,
           CASE WHEN h & 1 = 0 THEN 'classic' ELSE 'bold' END AS variant,
           (ARRAY['new-year-goods', 'gifts-for-family', 'eve-dinner', 'group-buy', 'live'])[1 + abs(h % 5)] AS floor,
           jsonb_build_object('item_id', 'p' || abs(h % 2000), 'item_brand', 'Brand ' || abs(h % 40), 'price', 20 + abs(h % 80)) AS item
         FROM g
       ),
       named AS (
         SELECT *, CASE
           WHEN k = 0 THEN 'experiment_exposure'
           WHEN k = 1 THEN 'page_view'
           WHEN k = 2 THEN 'view_promotion'
           WHEN k = 4 THEN 'select_item'
           WHEN k = 5 AND abs(h % 3) < 2 THEN 'add_to_cart'
           WHEN k = 6 AND abs(h % 10) < 3 THEN 'select_promotion'
           WHEN k = 7 AND abs(h % 20) = 0 THEN 'share'
           WHEN k = 8 AND abs(h % 1000) < (CASE WHEN h & 1 = 0 THEN 60 ELSE 66 END) THEN 'purchase'
           ELSE 'view_item' END AS name
         FROM e
       )
       INSERT INTO events (store_id, event_id, client_time, time, received_at, name, anonymous_id, session_id, body)
       SELECT $1, 'e' || n, t, t, t, name, anon, anon || '-s',
         jsonb_build_object('name', name, 'event_id', 'e' || n, 'time', t, 'anonymous_id', anon, 'session_id', anon || '-s') || CASE name
           WHEN 'experiment_exposure' THEN jsonb_build_object('experiment_id', '${SCENE}', 'variant_id', variant)
           WHEN 'page_view' THEN CASE WHEN abs(h % 50) = 0 THEN jsonb_build_object('referral', 'r' || abs(h % 997), 'utm_source', 'shopscene', 'utm_medium', 'share', 'utm_campaign', '${SCENE}') ELSE '{}'::jsonb END
           WHEN 'view_promotion' THEN jsonb_build_object('promotion_id', '${SCENE}:' || floor, 'creative_slot', floor)
           WHEN 'select_item' THEN jsonb_build_object('item_list_id', 'floor:' || floor, 'items', jsonb_build_array(item))
           WHEN 'select_promotion' THEN CASE abs(h % 10)
             WHEN 0 THEN jsonb_build_object('promotion_id', 'cny-groceries-20', 'creative_slot', 'new-year-goods')
             WHEN 1 THEN jsonb_build_object('promotion_id', '${SCENE}:group-buy', 'creative_name', 'group-buy', 'group_size', 3, 'group_joined', abs(h % 3), 'items', jsonb_build_array(item))
             ELSE jsonb_build_object('promotion_id', '${SCENE}:live:kitchen-live', 'creative_name', 'live') END
           WHEN 'share' THEN jsonb_build_object('method', 'copy_link', 'content_type', 'floor', 'utm_campaign', '${SCENE}', 'referral', 'r' || abs(h % 997))
           WHEN 'purchase' THEN jsonb_build_object('transaction_id', 'T' || s, 'value', 20 + abs(h % 200), 'currency', 'USD', 'items', jsonb_build_array(item))
           ELSE jsonb_build_object('items', jsonb_build_array(item)) END
       FROM named`,
      [store, from, to, start, span],
    );
    process.stderr.write(`  reports bench: ${to.toLocaleString('en')} of ${count.toLocaleString('en')} events stored\n`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One database: the store, its events, the refresh, then each report over HTTP. */
async function run(kind, count, open) {
  const server = await import(`${root}packages/server/dist/index.js`);
  const db = await open(server);
  try {
    await server.migrate(db);
    const config = sceneConfig();
    const scenesFile = join(mkdtempSync(join(tmpdir(), 'shopscene-bench-scenes-')), 'scenes.json');
    writeFileSync(scenesFile, JSON.stringify(config));
    const { store, created } = await server.setUpStore(db, { id: 'bench', adminToken: 'sk_benchReportsAdminToken000000000', writeKey: 'pk_benchReports000000000000' , scenesFile });
    rmSync(join(scenesFile, '..'), { recursive: true, force: true });
    const start = Date.parse('2027-01-08T00:00:00+08:00');
    const end = Date.parse('2027-02-20T00:00:00+08:00');
    let t = Date.now();
    // A database given (BENCH_REPORT_DATABASE_URL) may hold the store's events from a run before.
    const stored = Number((await db.query('SELECT count(*) AS n FROM events WHERE store_id = $1', [store.id])).rows[0].n);
    if (stored !== count) {
      await db.query('DELETE FROM events WHERE store_id = $1', [store.id]);
      await generate(db, store.id, count, start, end);
    }
    const generated = (Date.now() - t) / 1000;
    t = Date.now();
    await db.query('DELETE FROM refresh_runs WHERE store_id = $1', [store.id]); // a run before, at the same clock
    const refresh = await server.refreshStore(db, store.id, { now: () => end, fit: false });
    const refreshed = (Date.now() - t) / 1000;
    const ctx = server.createContext(db, { now: () => end });
    ctx.ready = true;
    const app = await server.buildApp(ctx, { logger: false });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const token = created?.adminToken ?? 'sk_benchReportsAdminToken000000000';
    const reports = [
      ['A/B tests (list)', '/v1/reports/experiments'],
      ['A/B test', `/v1/reports/experiments/${SCENE}`],
      ['campaigns (list)', '/v1/reports/campaigns'],
      ['campaign', `/v1/reports/campaigns/${SCENE}`],
      ['shoppers', '/v1/reports/shoppers'],
      ['A/B test as CSV', `/v1/reports/experiments/${SCENE}?format=csv`],
    ];
    const rows = [];
    for (const [name, path] of reports) {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const begun = performance.now();
        const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        await response.text();
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        times.push(performance.now() - begun);
      }
      rows.push([name, median(times)]);
    }
    await app.close();
    return { kind, count, generated, refreshed, refresh, rows };
  } finally {
    await db.close();
  }
}

/** One database's figures, printed as soon as it is done. */
function print(r) {
  console.log(
    `\nreports on ${r.kind}, ${r.count.toLocaleString('en')} stored events: made in ${r.generated.toFixed(0)} s; the refresh job's rebuild of what the reports read ${r.refreshed.toFixed(0)} s (${r.refresh.reports?.units.toLocaleString('en')} shoppers, ${r.refresh.reports?.experimentShoppers.toLocaleString('en')} in the A/B test, ${r.refresh.reports?.campaignRows.toLocaleString('en')} campaign rows)`,
  );
  console.log(`${'report'.padEnd(20)}${'median'.padEnd(12)}budget`);
  for (const [name, ms] of r.rows) console.log(`${name.padEnd(20)}${`${ms.toFixed(0)} ms`.padEnd(12)}${(ms / r.budget).toFixed(2)} of ${r.budget / 1000} s`);
}

export async function benchReports() {
  // BENCH_REPORT_EVENTS=small,large: events on PGlite, then on PostgreSQL (0 skips one).
  const [small, large] = (process.env.BENCH_REPORT_EVENTS ?? '1000000,10000000').split(',').map(Number);
  if (small) {
    const pgliteDir = mkdtempSync(join(tmpdir(), 'shopscene-bench-reports-'));
    try {
      print({ budget: 1000, ...(await run('PGlite', small, (server) => server.openDatabase({ dataDir: join(pgliteDir, 'data') }))) });
    } finally {
      rmSync(pgliteDir, { recursive: true, force: true });
    }
  }
  if (large && process.env.BENCH_REPORT_DATABASE_URL) {
    print({ budget: 2000, ...(await run('PostgreSQL', large, (server) => server.openDatabase({ url: process.env.BENCH_REPORT_DATABASE_URL }))) });
  } else if (large) {
    const cluster = await startPostgresCluster();
    try {
      print({ budget: 2000, ...(await run('PostgreSQL', large, (server) => server.openDatabase({ url: cluster.url }))) });
    } finally {
      cluster.stop();
    }
  }
}
