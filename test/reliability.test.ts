// The reliability suite (../shared/RELIABILITY.md): each scenario in real Chromium against the
// reference collector on loopback (another port: cross-origin, as a merchant's backend would be).
// Prints one line per scenario: events tracked, delivered, lost, wire duplicates, requests.
import { execSync } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, launchPersistent, pageErrors } from './support/browser.ts';
import { BREAKAGES } from './support/breakages.ts';
import { startCollector, type Collector } from './support/collector.ts';
import { delivery, failures, hasAll, maxConcurrent, openShop, printTallies, startShop, tally, trackMany, until, type Tally } from './support/shop.ts';

let chromium: Awaited<ReturnType<typeof launch>>;
const tallies: Tally[] = [];
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  chromium = await launch();
});
afterAll(async () => {
  printTallies(tallies);
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
  await chromium?.close();
});

/** A fresh collector, a shop (its own origin, so its own storage) sending to it, and a browser context. */
async function scenario(options: { maxBytes?: number; attrs?: string; host?: string } = {}) {
  const collector = await startCollector({ ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) });
  const shop = await startShop(options.host ? collector.url.replace('127.0.0.1', options.host) : collector.url, options.attrs);
  const context = await chromium.browser.newContext();
  cleanup.push(() => context.close(), () => collector.close(), () => shop.close());
  return { collector, context, server: shop };
}

async function noPageErrors(page: Page) {
  if (page.isClosed()) return;
  expect((await pageErrors(page)).errors).toEqual([]);
}

test('R1: the tab closes while a batch is in flight (collector black-holed); the next page delivers it with the same ids', async () => {
  const { collector, context, server } = await scenario();
  collector.failNext(1, 'blackhole');
  const page = await openShop(context, server.url);
  const tracked = await trackMany(page, 20);
  await until(() => collector.requests().length === 1, 'the black-holed request');
  await page.close({ runBeforeUnload: true });
  const next = await openShop(context, server.url, '/shop-next.html');
  await until(() => hasAll(collector, tracked), 'delivery on the next page');
  const ids = collector.requests().map((r) => r.ids);
  expect(ids.at(-1)!.length === 0 || ids.flat().every((id) => tracked.includes(id))).toBe(true);
  tallies.push(tally('R1', tracked, collector, 'in flight at close; next page'));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(next);
});

test('R2: the browser is killed (no pagehide) right after track() resolved; relaunched, every acknowledged event arrives', async () => {
  const collector = await startCollector();
  const server = await startShop(collector.url);
  cleanup.push(() => collector.close(), () => server.close());
  // Nothing gets through before the kill, so what arrives after comes from IndexedDB.
  collector.failNext(1000, { status: 503 });
  const first = await launchPersistent();
  const page = await openShop(first.context, server.url);
  const tracked = await trackMany(page, 50, { name: 'add_to_cart' });
  // The pattern's [-] keeps pkill from matching its own shell.
  execSync(`pkill -KILL -f -- '[-]-user-data-dir=${first.dir}' || true`);
  await first.context.close().catch(() => {});
  collector.recover();
  expect(collector.stats().unique).toBe(0);

  const second = await launchPersistent(first.dir);
  cleanup.push(second.close);
  const after = await openShop(second.context, server.url);
  await until(() => hasAll(collector, tracked), 'delivery after the relaunch');
  tallies.push(tally('R2', tracked, collector, 'killed after track() resolved; relaunched'));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(after);
});

test('R3: one request fails, then the page navigates; delivered on the next page, one row each', async () => {
  const { collector, context, server } = await scenario();
  collector.failNext(1, { status: 500 });
  const page = await openShop(context, server.url);
  const tracked = await trackMany(page, 10);
  await page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  await until(() => collector.requests().length >= 1, 'the failing request');
  await page.goto(`${server.url}/shop-next.html`);
  await until(() => hasAll(collector, tracked), 'delivery');
  await page.waitForTimeout(1500);
  tallies.push(tally('R3', tracked, collector, '500, then navigation'));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R4: offline for minutes with 500 events; nothing sent offline, all delivered within 5 s of online in ≤ 6 requests', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url, '/shop.html', (p) => p.clock.install());
  await page.clock.resume();
  await context.setOffline(true);
  const before = collector.stats().requests; // the page view, if it went before
  const tracked = await trackMany(page, 500);
  await page.clock.fastForward('03:00'); // three minutes offline, timers and all
  await page.waitForTimeout(500);
  expect(collector.stats().requests).toBe(before);
  expect(await delivery(page)).toMatchObject({ state: 'offline', queued: 500 });
  const online = Date.now();
  await context.setOffline(false);
  await until(() => hasAll(collector, tracked), 'delivery after online', 5000);
  const took = Date.now() - online;
  const requests = collector.stats().requests - before;
  tallies.push(tally('R4', tracked, collector, `offline 3 min; all in ${took} ms after online, in ${requests} requests`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  expect(requests).toBeLessThanOrEqual(Math.ceil(500 / 100) + 1);
  await noPageErrors(page);
});

test('R5: offline, then the tab is closed; relaunched online, all delivered', async () => {
  const collector = await startCollector();
  const server = await startShop(collector.url);
  cleanup.push(() => collector.close(), () => server.close());
  const first = await launchPersistent();
  const page = await openShop(first.context, server.url);
  await first.context.setOffline(true);
  const tracked = await trackMany(page, 40, { name: 'add_to_cart' });
  await page.close({ runBeforeUnload: true });
  await first.context.close();
  expect(collector.stats().requests).toBe(0);
  const second = await launchPersistent(first.dir);
  cleanup.push(second.close);
  const after = await openShop(second.context, server.url);
  await until(() => hasAll(collector, tracked), 'delivery after the relaunch');
  tallies.push(tally('R5', tracked, collector, 'closed offline; relaunched online'));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(after);
});
