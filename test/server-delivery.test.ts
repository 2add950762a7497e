// Acceptance (#18): zero loss end to end, in Chromium through the script tag, against the shopscene
// server: killed (SIGKILL) in the middle of a flood and started again; its PostgreSQL down for a
// while (503 + Retry-After); and a tab closed while the server is down — every event stored once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, pageErrors } from './support/browser.ts';
import { delivery, openShop, startShop, trackMany, until } from './support/shop.ts';
import { startServerProcess, type ServerProcess } from './support/shopscene-server.ts';
// @ts-expect-error: plain ESM helpers shared with the bench
import { startPostgresCluster } from '../scripts/postgres-cluster.mjs';

let chromium: Awaited<ReturnType<typeof launch>>;
let browser: Browser;
beforeAll(async () => {
  chromium = await launch();
  browser = chromium.browser;
});
afterAll(() => chromium?.close());

/** Every id once at the server: none missing, none twice. */
async function storedOnce(server: ServerProcess, ids: string[]) {
  const stored = (await server.events()).map((e) => e.event_id);
  const counts = new Map<string, number>();
  for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1);
  return { missing: ids.filter((id) => !counts.has(id)), twice: [...counts].filter(([, n]) => n > 1).map(([id]) => id), stored: stored.length };
}
/** The page's outbox has delivered everything it holds (the client's own state, not the server's). */
const emptied = (page: Page) => until(async () => {
  const d = await delivery(page);
  return d.queued === 0 && d.state === 'idle';
}, 'the outbox to deliver everything', 90_000);
const trackedIds = (page: Page) => page.evaluate(() => (window as unknown as { __ids: string[] }).__ids);
/** Records the id of every event the page tracks (page views included). */
const recordIds = (page: Page) =>
  page.addInitScript(() => {
    const w = window as unknown as { __ids: string[]; shopscene: unknown[] };
    w.__ids = [];
    w.shopscene = w.shopscene || [];
    w.shopscene.push((sdk: { onEvent(fn: (e: { event_id: string }) => void): void }) => sdk.onEvent((e) => w.__ids.push(e.event_id)));
  });

test('the server killed with SIGKILL in the middle of a flood, then started again: every tracked event stored once', async () => {
  const server = await startServerProcess();
  const shop = await startShop(server.url, `data-key="${server.key}"`);
  const context = await browser.newContext();
  try {
    const page = await openShop(context, shop.url, '/shop.html', recordIds);
    for (let burst = 0; burst < 6; burst++) {
      await trackMany(page, 100, { name: burst % 2 ? 'add_to_cart' : 'view_item' });
      if (burst === 1) await server.stop('SIGKILL'); // requests of the flood are on the wire
      if (burst === 3) await server.start();
    }
    await emptied(page);
    const ids = await trackedIds(page);
    expect(ids.length).toBeGreaterThanOrEqual(601);
    expect(await storedOnce(server, ids)).toEqual({ missing: [], twice: [], stored: ids.length });
    // The outage was seen and waited out: failed attempts, then deliveries.
    const { attempts } = await delivery(page);
    expect((await pageErrors(page)).errors).toEqual([]);
    expect(attempts.length).toBeGreaterThan(0);
  } finally {
    await context.close();
    await shop.close();
    await server.dispose();
  }
});

test('its PostgreSQL down for a while: the server answers 503 with Retry-After, the outbox waits as told, and delivers everything after', async () => {
  const cluster = await startPostgresCluster();
  const server = await startServerProcess({ databaseUrl: cluster.url });
  const shop = await startShop(server.url, `data-key="${server.key}"`);
  const context = await browser.newContext();
  try {
    const page = await openShop(context, shop.url, '/shop.html', recordIds);
    await trackMany(page, 50);
    await emptied(page);
    cluster.pause();
    await trackMany(page, 50, { name: 'add_to_cart' });
    // The outbox heard 503 and waits the server's Retry-After (5 s), not its own first backoff step.
    // (Waiting for the retry it scheduled: the attempt is listed as soon as it is answered, its retry once the batch is released.)
    await until(async () => (await delivery(page)).attempts.some((a) => a.status === 503 && a.retryAt !== undefined), 'a 503 from the server, and the retry it scheduled', 30_000);
    const refused = (await delivery(page)).attempts.find((a) => a.status === 503 && a.retryAt !== undefined)!;
    expect(refused.retryAt! - refused.answeredAt).toBeGreaterThanOrEqual(5000);
    cluster.resume();
    await emptied(page);
    const ids = await trackedIds(page);
    expect(await storedOnce(server, ids)).toEqual({ missing: [], twice: [], stored: ids.length });
  } finally {
    await context.close();
    await shop.close();
    await server.dispose();
    cluster.stop();
  }
});

test('a tab closed while the server is down: its last events went by beacon into nothing; the next page of the store sends them again, each stored once', async () => {
  const server = await startServerProcess();
  const shop = await startShop(server.url, `data-key="${server.key}"`);
  const context = await browser.newContext();
  try {
    const first = await openShop(context, shop.url, '/shop.html', recordIds);
    // The page view went, and the server's answer said it keeps each event once.
    await until(async () => (await delivery(first)).delivered >= 1, 'the page view delivered');
    await emptied(first);
    expect(await first.evaluate(() => localStorage.getItem('shopscene.outbox.dedupes'))).toBe('1');
    await server.stop('SIGKILL');
    await trackMany(first, 5, { name: 'add_to_cart' });
    const ids = await trackedIds(first);
    await first.close({ runBeforeUnload: true }); // pagehide: the beacons leave; the browser takes them; nobody answers
    await server.start();
    const next = await openShop(context, shop.url, '/shop-again.html', recordIds);
    await emptied(next);
    const all = [...ids, ...(await trackedIds(next))];
    expect(await storedOnce(server, all)).toEqual({ missing: [], twice: [], stored: all.length });
  } finally {
    await context.close();
    await shop.close();
    await server.dispose();
  }
});
