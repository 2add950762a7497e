// The reliability suite (../shared/RELIABILITY.md): each scenario in real Chromium against the
// reference collector on loopback (another port: cross-origin, as a merchant's backend would be).
// Prints one line per scenario: events tracked, delivered, lost, wire duplicates, requests.
import { execSync } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, launchPersistent, pageErrors, pauseClock } from './support/browser.ts';
import { probeVisibility, scrollAndSettle } from './support/visibility.ts';
import { BREAKAGES } from './support/breakages.ts';
import { storedProfile } from './support/events.ts';
import { startCollector, type Collector } from './support/collector.ts';
import { delivery, duplicateSources, failures, hasAll, maxConcurrent, openShop, printTallies, startShop, tally, trackMany, until, type Tally } from './support/shop.ts';

/** The outbox's defaults this suite checks against (see createOutbox): the claim lease and the backoff. */
const LEASE_MS = 10_000;
const BACKOFF = { baseMs: 500, maxMs: 60_000, jitter: 0.1 };

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
async function scenario(options: { maxBytes?: number; attrs?: string; host?: string; body?: string } = {}) {
  const collector = await startCollector({ ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) });
  const shop = await startShop(options.host ? collector.url.replace('127.0.0.1', options.host) : collector.url, options.attrs, options.body);
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
  // The batch in flight is taken again once its claim lapses (the outbox's lease): wait a generous multiple of it.
  await until(() => hasAll(collector, tracked), 'delivery on the next page', 6 * LEASE_MS);
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
  // Nothing left to send: no later request can add a duplicate.
  await until(async () => (await delivery(page)).queued === 0 && (await delivery(page)).state === 'idle', 'the outbox to empty');
  tallies.push(tally('R3', tracked, collector, '500, then navigation'));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R4: offline for minutes with 500 events; nothing sent offline, all delivered within 5 s of online in ≤ 6 requests', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url, '/shop.html', (p) => p.clock.install());
  await pageViewDelivered(page);
  await context.setOffline(true);
  const before = collector.stats().requests;
  const tracked = await trackUnderClock(page, 500);
  await page.clock.runFor(3 * 60_000); // three minutes offline, timers and all
  expect(collector.stats().requests).toBe(before);
  expect(await delivery(page)).toMatchObject({ state: 'offline' });
  expect((await delivery(page)).queued).toBeGreaterThanOrEqual(500);
  // The page's clock stands still from here: whatever arrives was sent without waiting for any timer.
  const online = await page.evaluate(() => Date.now());
  await context.setOffline(false);
  await until(() => hasAll(collector, tracked), 'delivery after online', 30_000);
  const sent = (await delivery(page)).attempts.filter((a) => a.at >= online);
  const took = Math.max(...sent.map((a) => a.answeredAt)) - online;
  const requests = collector.stats().requests - before;
  tallies.push(tally('R4', tracked, collector, `offline 3 min; all in ${took} ms of page time after online, in ${requests} requests`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  expect(took).toBeLessThanOrEqual(5000);
  expect(requests).toBeLessThanOrEqual(Math.ceil(500 / 100) + 1);
  await noPageErrors(page);
});

test('R5: offline, then the tab is closed; relaunched online, all delivered', async () => {
  const collector = await startCollector();
  const server = await startShop(collector.url);
  cleanup.push(() => collector.close(), () => server.close());
  const first = await launchPersistent();
  const page = await openShop(first.context, server.url);
  // The page view delivered first, as the page itself says (else it may still be on its way when counted).
  await pageViewDelivered(page, { clock: false });
  await first.context.setOffline(true);
  const before = collector.stats().requests;
  const tracked = await trackMany(page, 40, { name: 'add_to_cart' });
  await page.close({ runBeforeUnload: true });
  await first.context.close();
  expect(collector.stats().requests).toBe(before);
  const second = await launchPersistent(first.dir);
  cleanup.push(second.close);
  const after = await openShop(second.context, server.url);
  await until(() => hasAll(collector, tracked), 'delivery after the relaunch');
  tallies.push(tally('R5', tracked, collector, 'closed offline; relaunched online'));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(after);
});

/**
 * Runs the page's fake clock `seconds` one second at a time (letting real requests settle between
 * steps) and returns the second at which each new request reached the collector.
 */
async function runClock(page: Page, collector: Collector, seconds: number, stop?: () => boolean): Promise<number[]> {
  const arrivals: number[] = [];
  let seen = collector.stats().requests;
  for (let s = 1; s <= seconds && !stop?.(); s++) {
    await page.clock.runFor(1000);
    await new Promise((r) => setTimeout(r, 12));
    for (const now = collector.stats().requests; seen < now; seen++) arrivals.push(s);
  }
  return arrivals;
}

/**
 * Runs a page's fake clock a second at a time (with `clock: false`, lets the real one run) until its
 * outbox has delivered the page view and holds nothing: the page's own record, however long its parts
 * take to arrive on a busy machine.
 */
async function pageViewDelivered(page: Page, { clock = true } = {}): Promise<void> {
  await until(async () => {
    if (clock) await page.clock.runFor(1000);
    const d = await delivery(page);
    return d.delivered >= 1 && d.queued === 0 && d.state === 'idle';
  }, 'the page view delivered');
}

/** Tracks under a fake clock: runs it in small steps until track() has resolved. */
async function trackUnderClock(page: Page, n: number, spec: Parameters<typeof trackMany>[2] = {}): Promise<string[]> {
  let tracked: string[] | undefined;
  const done = trackMany(page, n, spec).then((ids) => (tracked = ids));
  while (!tracked) await Promise.race([done, page.clock.runFor(20)]);
  return tracked;
}

test('R6: the collector answers 503 for 15 minutes; few requests, backing off, one at a time, nothing lost after', async () => {
  const { collector, context, server } = await scenario();
  collector.failNext(100_000, { status: 503 });
  const page = await openShop(context, server.url, '/shop.html', (p) => p.clock.install());
  const tracked = await trackUnderClock(page, 10, { name: 'add_to_cart' });
  const during = await runClock(page, collector, 15 * 60);
  collector.recover();
  const after = await runClock(page, collector, 120, () => hasAll(collector, tracked));
  // The outbox's own record, on the page's clock: each wait is exactly its backoff (exponential,
  // ±10 % jitter, capped at a minute), and no attempt went before its time.
  const failed = (await delivery(page)).attempts.filter((a) => a.status === 503);
  const waits = failed.map((a) => a.retryAt! - a.answeredAt);
  tallies.push(tally('R6', tracked, collector, `503 for 15 min: ${during.length} requests; waits ${waits.map((w) => (w / 1000).toFixed(1)).join(', ')} s; recovered ${after[0]} s after`));
  expect(during.length).toBeLessThanOrEqual(26);
  expect(during.length).toBeGreaterThanOrEqual(10); // it kept trying
  expect(failed.length).toBeLessThanOrEqual(26);
  waits.forEach((wait, i) => {
    const exponential = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** i);
    expect(wait).toBeGreaterThanOrEqual(Math.floor(exponential * (1 - BACKOFF.jitter)));
    expect(wait).toBeLessThanOrEqual(Math.ceil(exponential * (1 + BACKOFF.jitter)));
  });
  const all = (await delivery(page)).attempts;
  all.slice(1).forEach((a, i) => expect(a.at).toBeGreaterThanOrEqual(all[i]!.retryAt ?? all[i]!.answeredAt));
  expect(collector.stats().maxInFlight).toBe(1);
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R7: 429 with Retry-After: no retry before it; a Retry-After of an hour is capped at 5 minutes', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url, '/shop.html', (p) => p.clock.install());
  await pageViewDelivered(page); // the page view goes first
  /** The 429 and the retry after it, from the outbox's own record on the page's clock. */
  const retryOf429 = async () => {
    const attempts = (await delivery(page)).attempts;
    const refused = attempts.findLast((a) => a.status === 429)!;
    return { refused, retry: attempts.find((a) => a.at > refused.at)! };
  };
  collector.failNext(1, { status: 429, retryAfter: 120 });
  const first = await trackUnderClock(page, 1, { name: 'purchase', extra: { transaction_id: 'T1', value: 10, currency: 'USD' } });
  /** The requests that carried these events: the one refused and the one retry, wherever the clock stood when each went. */
  const carrying = (ids: string[]) => collector.requests().filter((r) => r.ids.some((id) => ids.includes(id))).length;
  await runClock(page, collector, 200, () => hasAll(collector, first));
  expect(carrying(first)).toBe(2);
  const one = await retryOf429();
  // Retry-After is whole seconds: the wait is scheduled for exactly that, and the retry is never sooner.
  expect(one.refused.retryAt! - one.refused.answeredAt).toBe(120_000);
  expect(one.retry.at).toBeGreaterThanOrEqual(one.refused.retryAt!);

  collector.failNext(1, { status: 429, retryAfter: 3600 });
  const second = await trackUnderClock(page, 1, { name: 'purchase', extra: { transaction_id: 'T2', value: 10, currency: 'USD' } });
  await runClock(page, collector, 400, () => hasAll(collector, second));
  expect(carrying(second)).toBe(2);
  const two = await retryOf429();
  expect(two.refused.retryAt! - two.refused.answeredAt).toBe(300_000); // capped at 5 minutes
  expect(two.retry.at).toBeGreaterThanOrEqual(two.refused.retryAt!);
  const secs = (x: { refused: { answeredAt: number }; retry: { at: number } }) => ((x.retry.at - x.refused.answeredAt) / 1000).toFixed(1);
  tallies.push(tally('R7', [...first, ...second], collector, `Retry-After 120 s → retried after ${secs(one)} s; 3600 s → after ${secs(two)} s (cap 300)`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

const flush = (page: Page) => page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
/** The outbox has settled: this page is the sender and has sent what was queued at start-up. */
const idle = (page: Page) =>
  until(async () => {
    const d = await delivery(page);
    return d.state === 'idle' && d.sender;
  }, 'the outbox to be idle');

test('R8: the status matrix: 408/425/429/5xx, network errors and timeouts are retried; 413 splits; other 4xx are dropped and reported', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url);
  await flush(page);
  await idle(page);
  const retried: (number | 'reset' | 'blackhole')[] = [408, 425, 429, 500, 501, 502, 503, 504, 505, 507, 508, 511, 'reset', 'blackhole'];
  // (421 is left out: Chromium itself retries a 421 on a new connection.)
  const dropped = [400, 401, 402, 403, 404, 405, 406, 409, 410, 411, 412, 415, 416, 417, 418, 422, 423, 424, 426, 428, 431, 451];
  const tracked: string[] = [];
  for (const fault of retried) {
    collector.failNext(1, typeof fault === 'number' ? { status: fault } : fault);
    const ids = await trackMany(page, 1, { name: 'add_to_cart' });
    tracked.push(...ids);
    await flush(page);
    await until(() => hasAll(collector, ids), `a retry after ${fault}`, 30_000); // a timeout (3 s) and the first backoff (0.5 s), many times over
  }
  for (const status of dropped) {
    collector.failNext(1, { status });
    const ids = await trackMany(page, 1, { name: 'add_to_cart' });
    await flush(page);
    await until(async () => (await failures(page)).some((f) => f.ids.includes(ids[0]!)), `the drop of ${status} to be reported`);
    expect((await failures(page)).find((f) => f.ids.includes(ids[0]!))).toMatchObject({ reason: 'rejected', status });
    expect(hasAll(collector, ids)).toBe(false);
  }
  // 413: the batch is halved until it fits; one event too large on its own is dropped and reported.
  await idle(page);
  collector.failNext(1, { status: 413 });
  const split = await trackMany(page, 8, { name: 'add_to_cart' });
  tracked.push(...split);
  await flush(page);
  await until(() => hasAll(collector, split), 'the halves after 413');
  const sizes = collector.requests().slice(-2).map((r) => r.ids.length);
  expect(sizes).toEqual([4, 4]);
  await idle(page);
  collector.failNext(1, { status: 413 });
  const [lone] = await trackMany(page, 1, { name: 'add_to_cart' });
  await flush(page);
  await until(async () => (await failures(page)).some((f) => f.ids.includes(lone!) && f.reason === 'too-large'), 'a lone 413 to be reported');
  const diagnostics = await delivery(page);
  expect(diagnostics.dropped).toBe(dropped.length + 1);
  tallies.push(tally('R8', tracked, collector, `${retried.length} retried kinds delivered; 413 split 8 → 4+4; ${dropped.length + 1} dropped and reported (${dropped.length} 4xx, 1 lone 413)`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R9: 5 tabs × 200 events, tabs closed at random, CPU throttled: all delivered, ≤ 0.5 % wire duplicates, one sender at a time', async () => {
  const { collector, context, server } = await scenario();
  const pages = await Promise.all(Array.from({ length: 5 }, (_, i) => openShop(context, server.url, `/shop-tab${i}.html`)));
  for (const page of pages) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const tracked = (
    await Promise.all(
      pages.map(async (page) => {
        const ids: string[] = [];
        for (let burst = 0; burst < 10; burst++) {
          ids.push(...(await trackMany(page, 20)));
          await page.waitForTimeout(20 + Math.random() * 150);
        }
        await page.waitForTimeout(Math.random() * 1500);
        await page.close({ runBeforeUnload: true });
        return ids;
      }),
    )
  ).flat();
  expect(tracked).toHaveLength(1000);
  const last = await openShop(context, server.url, '/shop-last.html');
  await until(() => hasAll(collector, tracked), 'all 1000', 6 * LEASE_MS); // a closed tab's claims lapse after the lease
  const dups = duplicateSources(collector);
  const t = tally('R9', tracked, collector, `senders at once: ${maxConcurrent(collector, 'cors')}; beacons at close: ${collector.requests().filter((r) => r.mode === 'no-cors').length}${dups.length ? `; duplicates: ${dups.join(', ')}` : ''}`);
  tallies.push(t);
  expect(t.lost).toBe(0);
  expect(t.duplicates / t.delivered).toBeLessThanOrEqual(0.005);
  expect(maxConcurrent(collector, 'cors')).toBe(1);
  await noPageErrors(last);
});

test('R9 without Web Locks or BroadcastChannel (older browsers): the lease in the queue elects one sender; all delivered once', async () => {
  const { collector, context, server } = await scenario();
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
    Object.defineProperty(window, 'BroadcastChannel', { value: undefined, configurable: true });
  });
  const pages = await Promise.all(Array.from({ length: 3 }, (_, i) => openShop(context, server.url, `/shop-old${i}.html`)));
  const tracked = (await Promise.all(pages.map((page) => trackMany(page, 100)))).flat();
  await until(() => hasAll(collector, tracked), 'all 300', 6 * LEASE_MS);
  const senders = await Promise.all(pages.map(async (page) => (await delivery(page)).sender));
  const t = tally('R9', tracked, collector, `fallback: no Web Locks, no BroadcastChannel; senders at once: ${maxConcurrent(collector, 'cors')}`);
  tallies.push(t);
  expect(senders.filter(Boolean)).toHaveLength(1);
  expect(t).toMatchObject({ lost: 0, duplicates: 0 });
  expect(maxConcurrent(collector, 'cors')).toBe(1);
  for (const page of pages) await noPageErrors(page);
});

test('R10: 150 KB pending at pagehide: beacon chunks ≤ 64 KB; refused chunks stay queued and arrive with the next page', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url);
  await flush(page);
  await idle(page);
  // A full batch goes at once; the collector answers it 503 with a minute's Retry-After, so the page
  // holds all 150 KB when it leaves (waiting on the page's own record of that answer, not on timing).
  collector.failNext(1, { status: 503, retryAfter: 60 });
  const tracked = await trackMany(page, 65, { pad: 2200 });
  expect(tracked).toHaveLength(65);
  await until(async () => (await delivery(page)).attempts.some((a) => a.status === 503 && a.retryAt !== undefined), 'the 503, and the retry it scheduled');
  await page.goto(`${server.url}/shop-next.html`);
  await until(() => hasAll(collector, tracked), 'everything, beaconed or sent by the next page');
  const beacons = collector.requests().filter((r) => r.mode === 'no-cors');
  expect(beacons.length).toBeGreaterThan(0);
  for (const r of beacons) expect(r.bytes).toBeLessThanOrEqual(64 * 1024);
  const beaconed = beacons.reduce((n, r) => n + r.ids.filter((id) => tracked.includes(id)).length, 0);
  tallies.push(tally('R10', tracked, collector, `${beacons.length} beacons (≤ ${Math.max(...beacons.map((r) => r.bytes))} B) took ${beaconed}; the rest came with the next page`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R11: a cross-origin collector at unload: no CORS preflight (a simple content type)', async () => {
  const { collector, context, server } = await scenario({ host: 'localhost' });
  const page = await openShop(context, server.url);
  await idle(page);
  const tracked = await trackMany(page, 10, { leave: `${server.url}/shop-next.html` });
  await until(() => hasAll(collector, tracked), 'the beacon');
  const kinds = new Set(collector.requests().map((r) => `${r.mode} ${r.contentType}`));
  tallies.push(tally('R11', tracked, collector, `preflights: ${collector.stats().preflights}; requests: ${[...kinds].join(', ')}`));
  expect(collector.stats().preflights).toBe(0);
  // Whether the last events left by fetch or by beacon depends on how fast the page got them out;
  // either way every request carried a simple content type, so none needed a preflight.
  expect(collector.requests().filter((r) => r.origin === server.url && !/^text\/plain/.test(r.contentType))).toEqual([]);
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
});

test('R13: offline, 20 000 impressions + 200 add_to_cart + 5 purchases: the queue stays capped, impressions go first, drops reported', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url);
  await flush(page);
  await idle(page);
  await context.setOffline(true);
  const impressions = await trackMany(page, 20_000, { name: 'view_item_list' });
  const carts = await trackMany(page, 200, { name: 'add_to_cart' });
  const purchases: string[] = [];
  for (let i = 0; i < 5; i++) purchases.push(...(await trackMany(page, 1, { name: 'purchase', extra: { transaction_id: `T${i}`, value: 20, currency: 'USD' } })));
  const offline = await delivery(page);
  expect(offline.queued).toBeLessThanOrEqual(5000);
  // Nothing tracked while offline got out (a request of before that was still on its way may land).
  const out = new Set(collector.events().map((e) => e.event_id));
  expect([...impressions, ...carts, ...purchases].filter((id) => out.has(id))).toEqual([]);
  await context.setOffline(false);
  await until(() => hasAll(collector, [...carts, ...purchases]), 'every cart and purchase', 30_000);
  await idle(page);
  const reported = (await failures(page)).filter((f) => f.reason === 'evicted').flatMap((f) => f.ids);
  const after = await delivery(page);
  const tracked = [...impressions, ...carts, ...purchases];
  const t = tally('R13', tracked, collector, `queue peaked ≤ ${offline.queued}; ${after.dropped} impressions evicted and reported`);
  tallies.push(t);
  const deliveredIds = new Set(collector.events().map((e) => e.event_id));
  expect(new Set(reported)).toEqual(new Set(impressions.filter((id) => !deliveredIds.has(id))));
  expect(t.lost).toBe(after.dropped);
  expect(reported.length).toBe(after.dropped);
  const impressionIds = new Set(impressions);
  expect(reported.every((id) => impressionIds.has(id))).toBe(true);
  expect(t.duplicates).toBe(0);
  await noPageErrors(page);
});

test('R12: the back/forward cache: the page stays eligible, and nothing is duplicated on restore', async () => {
  const cached = await launch({ bfcache: true });
  cleanup.push(cached.close);
  const collector = await startCollector();
  const server = await startShop(collector.url);
  cleanup.push(() => collector.close(), () => server.close());
  const context = await cached.browser.newContext();
  // Every document of the page notes whether it was shown from the cache (a restored one keeps its listener).
  const page = await openShop(context, server.url, '/shop.html', (p) => p.addInitScript(() => addEventListener('pageshow', (e) => ((window as unknown as { __restored: boolean }).__restored = e.persisted))));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.enable');
  // Chrome says why a page was not restored: "PageSupportNeeded"/"SupportPending" reasons are the
  // page's (ours to fix); "Circumstantial" ones are the browser's (a busy machine can evict a page).
  const explanations: { type: string; reason: string }[] = [];
  cdp.on('Page.backForwardCacheNotUsed', (e) => explanations.push(...e.notRestoredExplanations));
  const restored = () => page.evaluate(() => (window as unknown as { __restored?: boolean }).__restored === true).catch(() => false);
  const first = await trackMany(page, 5, { name: 'add_to_cart' });
  await until(() => hasAll(collector, first), 'the first events');
  const other: string[] = [];
  for (let attempt = 1; attempt <= 3 && !(await restored()); attempt++) {
    await page.goto(`${server.url}/shop-other.html`);
    other.push(...(await trackMany(page, 5, { name: 'add_to_cart' }))); // the other page sends while ours is cached
    await until(() => hasAll(collector, other), 'the other page’s events');
    const told = explanations.length;
    await page.goBack({ waitUntil: 'commit' });
    await until(async () => explanations.length > told || (await restored()), 'a restore from the cache, or Chrome saying why not', 30_000);
    expect(explanations.filter((x) => x.type !== 'Circumstantial').map((x) => x.reason), 'reasons of the page’s own').toEqual([]);
  }
  expect(await restored(), `never restored in 3 tries: ${explanations.map((x) => x.reason).join(', ')}`).toBe(true);
  const after = await trackMany(page, 5, { name: 'add_to_cart' });
  const tracked = [...first, ...other, ...after];
  await until(() => hasAll(collector, tracked), 'the events after the restore');
  // A restore must not send anything again: the outbox's own record says whether it has nothing left.
  await page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  tallies.push(tally('R12', tracked, collector, `restored from the back/forward cache${explanations.length ? `; first evicted by the browser: ${explanations.map((x) => x.reason).join(', ')}` : ''}`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

for (const [name, breakIt] of Object.entries(BREAKAGES)) {
  test(`R14: IndexedDB ${name}: events queue in memory and arrive; diagnostics say memory; no uncaught error`, async () => {
    const { collector, context, server } = await scenario();
    const page = await openShop(context, server.url, '/shop.html', (p) => p.addInitScript(breakIt));
    const tracked = await trackMany(page, 20, { name: 'add_to_cart' });
    await until(() => hasAll(collector, tracked), 'delivery from memory');
    const diagnostics = await page.evaluate(() => (window as unknown as { shopscene: { diagnostics(): { storage: string; delivery: { storage: string } } } }).shopscene.diagnostics());
    expect(diagnostics.storage).toBe('memory');
    expect(diagnostics.delivery.storage).toBe('memory');
    tallies.push(tally('R14', tracked, collector, `IndexedDB ${name}: storage '${diagnostics.storage}'`));
    expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
    await noPageErrors(page);
  });
}

test('R15: QuotaExceededError on every write of ours: events go from memory; no uncaught error; the page’s own storage still works', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url, '/shop.html', (p) =>
    p.addInitScript(() => {
      // The disk is full for our databases (the page's own stores are left alone, to show they still work).
      for (const method of ['put', 'add'] as const) {
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
          if (this.transaction.db.name.startsWith('shopscene')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return original.apply(this, args);
        };
      }
    }),
  );
  const tracked = await trackMany(page, 20, { name: 'add_to_cart' });
  await until(() => hasAll(collector, tracked), 'delivery despite the full disk');
  const host = await page.evaluate(async () => {
    localStorage.setItem('host', 'still works');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('host-db', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction('s', 'readwrite');
      tx.objectStore('s').put('ok', 'k');
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    const read = await new Promise((resolve) => {
      const get = db.transaction('s').objectStore('s').get('k');
      get.onsuccess = () => resolve(get.result);
    });
    return { local: localStorage.getItem('host'), idb: read };
  });
  expect(host).toEqual({ local: 'still works', idb: 'ok' });
  tallies.push(tally('R15', tracked, collector, 'every write of ours refused; the page’s localStorage and IndexedDB fine'));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R16: our IndexedDB connections are closed under us (a version change); the next write reopens, nothing lost', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url);
  const before = await trackMany(page, 10, { name: 'add_to_cart' });
  await until(() => hasAll(collector, before), 'the first events');
  await flush(page);
  const storedEvents = async () => ((await storedProfile(page)) as { eventCount?: number } | undefined)?.eventCount ?? 0;
  const countBefore = await storedEvents();
  // Another script upgrades both databases: our connections get `versionchange` and must let go.
  await page.evaluate(async () => {
    for (const info of await indexedDB.databases()) {
      if (!info.name?.startsWith('shopscene')) continue;
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(info.name!, (info.version ?? 1) + 1);
        open.onsuccess = () => (open.result.close(), resolve());
        open.onerror = () => reject(open.error);
      });
    }
  });
  const after = await trackMany(page, 10, { name: 'add_to_cart' });
  const tracked = [...before, ...after];
  await until(() => hasAll(collector, tracked), 'the events after the close');
  await flush(page);
  // The profile store reopened too: the ten carts after the close were folded into the stored profile.
  expect((await storedProfile(page))?.carted.length).toBe(10);
  expect(await storedEvents()).toBeGreaterThanOrEqual(countBefore + 10);
  tallies.push(tally('R16', tracked, collector, 'both databases upgraded under us mid-page'));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R17: consent pending: no storage writes, no requests; on grant the buffered events go; on deny everything of ours is erased', async () => {
  const { collector, context, server } = await scenario({ attrs: 'data-consent="pending"' });
  const ours = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('shopscene')));
  const page = await openShop(context, server.url);
  const tracked = await trackMany(page, 10, { name: 'add_to_cart' });
  await flush(page); // every event folded in, and written wherever it would be
  expect(await ours(page)).toEqual([]);
  expect(collector.stats().requests).toBe(0);
  await page.evaluate(() => (window as unknown as { shopscene: { push(c: unknown): void } }).shopscene.push(['consent', 'granted']));
  await until(() => hasAll(collector, tracked), 'the buffered events after grant');
  expect((await ours(page)).sort()).toEqual(['shopscene', 'shopscene-outbox']);

  const denied = await openShop(context, server.url, '/shop-deny.html');
  await denied.evaluate(() => (window as unknown as { shopscene: { push(c: unknown): void } }).shopscene.push(['consent', 'pending']));
  const requests = collector.stats().requests;
  const unsent = await trackMany(denied, 5, { name: 'add_to_cart' });
  await denied.evaluate(() => (window as unknown as { shopscene: { setConsent(c: string): Promise<void> } }).shopscene.setConsent('denied'));
  await flush(denied); // the refusal has erased what there was, and nothing is left to go
  expect(collector.stats().requests).toBe(requests);
  expect(hasAll(collector, unsent.slice(0, 1))).toBe(false);
  expect(await ours(denied)).toEqual([]);
  tallies.push(tally('R17', tracked, collector, `pending: 0 writes, 0 requests; granted: delivered; denied: ${unsent.length} unsent, databases erased`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(denied);
});

test('R22: 1000 track() calls: small synchronous cost, no long task, coalesced writes and requests, all delivered', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url);
  const result = await page.evaluate(async () => {
    const sdk = (window as unknown as { shopscene: { track(e: unknown): Promise<{ ok: boolean; event?: { event_id: string } }> } }).shopscene;
    const long: number[] = [];
    new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    const costs: number[] = [];
    const pending: Promise<{ ok: boolean; event?: { event_id: string } }>[] = [];
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 100; i++) {
        const start = performance.now();
        pending.push(sdk.track({ name: 'view_item', items: [{ item_id: `p${i}`, item_name: `item ${i}`, price: 10 }] }));
        costs.push(performance.now() - start);
      }
      await new Promise((r) => setTimeout(r, 16));
    }
    const ids = (await Promise.all(pending)).filter((r) => r.ok).map((r) => r.event!.event_id);
    await new Promise((r) => setTimeout(r, 100));
    costs.sort((a, b) => a - b);
    return { ids, p95: costs[Math.floor(costs.length * 0.95)]!, long };
  });
  await until(() => hasAll(collector, result.ids), 'all 1000');
  const t = tally('R22', result.ids, collector, `p95 track() ${result.p95.toFixed(3)} ms; long tasks: ${result.long.length ? result.long.map((d) => d.toFixed(0)).join(', ') + ' ms' : 'none'}`);
  tallies.push(t);
  expect(t).toMatchObject({ tracked: 1000, lost: 0, duplicates: 0 });
  expect(t.requests).toBeLessThanOrEqual(15); // batched, not one per event
  await noPageErrors(page);
});

const TILES = `<style>body { margin: 0 } .tile { position: absolute; left: 0; width: 300px; height: 200px; background: #ddd }</style>
<div style="height: 9000px" data-shopscene-list="fixture">
<a class="tile" style="top: 2000px" data-shopscene-item="dj-1">one</a>
<a class="tile" style="top: 4000px" data-shopscene-item="dj-2">two</a>
<a class="tile" style="top: 6000px" data-shopscene-item="dj-3">three</a></div>`;

test('R25: impressions reach the collector: ≥ 50 % for ≥ 1 s gives exactly one; 49 %, 999 ms or 600 + 600 ms give none', async () => {
  const { collector, context, server } = await scenario({ body: TILES });
  const page = await openShop(context, server.url, '/shop.html', async (p) => {
    await p.setViewportSize({ width: 800, height: 600 });
    await probeVisibility(p);
    await p.clock.install();
  });
  // The page's timers (the one-second dwell among them) move only when the test runs its clock.
  await pauseClock(page);
  const at = (top: number, share: number) => top - 600 + 200 * share;
  await scrollAndSettle(page, at(2000, 0.49), { 'dj-1': false }); // dj-1 at 49 % for 1.5 s
  await page.clock.runFor(1500);
  await scrollAndSettle(page, at(4000, 1), { 'dj-2': true }); // dj-2 fully, 600 ms twice
  await page.clock.runFor(600);
  await scrollAndSettle(page, 0, { 'dj-2': false });
  await page.clock.runFor(300);
  await scrollAndSettle(page, at(4000, 1), { 'dj-2': true });
  await page.clock.runFor(600);
  await scrollAndSettle(page, at(6000, 1), { 'dj-2': false, 'dj-3': true }); // dj-3 fully for 999 ms
  await page.clock.runFor(999);
  await scrollAndSettle(page, at(2000, 0.6), { 'dj-3': false, 'dj-1': true }); // dj-1 at 60 % for 1.5 s, then away and back
  await page.clock.runFor(1500);
  await scrollAndSettle(page, 0, { 'dj-1': false });
  await page.clock.runFor(200);
  await scrollAndSettle(page, at(2000, 1), { 'dj-1': true });
  await page.clock.runFor(1500);
  await flush(page);
  await until(async () => (await delivery(page)).queued === 0, 'the outbox to empty');
  const impressions = collector.events().filter((e) => e.name === 'view_item_list');
  const items = impressions.flatMap((e) => (e.items as { item_id: string }[]).map((i) => i.item_id));
  tallies.push(tally('R25', impressions.map((e) => e.event_id), collector, `impressions delivered: ${items.join(', ') || 'none'}`));
  expect(items).toEqual(['dj-1']);
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R19: a hostile host page: throwing callbacks, a polluted Object.prototype, JSON.stringify and Array.prototype.toJSON replaced; tracking goes on, the wire stays valid JSON', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url, '/shop.html', (p) =>
    p.addInitScript(() => {
      // What old libraries and careless pages do, before our script loads.
      (Object.prototype as unknown as Record<string, unknown>).polluted = 'yes';
      (Object.prototype as unknown as Record<string, unknown>).toJSON = function () {
        return 'object hijacked';
      };
      (Array.prototype as unknown as Record<string, unknown>).toJSON = function () {
        return 'array hijacked';
      };
      JSON.stringify = () => '"stringify hijacked"';
      const q = ((window as unknown as { shopscene: unknown[] }).shopscene ||= []);
      q.push(['onDeliveryFailure', () => {
        throw new Error('host failure handler throws');
      }]);
      q.push(['onCoupon', () => {
        throw new Error('host coupon handler throws');
      }]);
      q.push((sdk: { onEvent(fn: () => void): void }) => sdk.onEvent(() => {
        throw new Error('host listener throws');
      }));
      q.push(() => {
        throw new Error('host queued function throws');
      });
    }),
  );
  const first = await trackMany(page, 10, { name: 'add_to_cart' });
  await flush(page);
  await until(() => hasAll(collector, first), 'the first events');
  collector.failNext(1, { status: 400 }); // a refused batch: the host's failure handler is called, and throws
  const refused = await trackMany(page, 1, { name: 'add_to_cart' });
  await flush(page);
  await until(() => collector.stats().statuses.includes(400), 'the refused batch');
  const after = await trackMany(page, 10, { name: 'view_item' });
  const tracked = [...first, ...after];
  await flush(page);
  await until(() => hasAll(collector, tracked), 'delivery despite the page');
  // Every body parsed as JSON at the collector, with real arrays of items (no "array hijacked").
  const events = collector.events().filter((e) => tracked.includes(e.event_id));
  expect(events.every((e) => Array.isArray(e.items) && typeof (e.items as { item_id: unknown }[])[0]!.item_id === 'string')).toBe(true);
  expect(collector.events().some((e) => Object.keys(e).includes('polluted') || Object.keys(e).includes('toJSON'))).toBe(false);
  expect(await page.evaluate(() => (window as unknown as { shopscene: { claimCoupon(c: object): Promise<boolean> } }).shopscene.claimCoupon({ id: 'c', label: 'C' }))).toBe(false);
  tallies.push(tally('R19', tracked, collector, `hostile page; ${refused.length} refused batch reported to a throwing handler; every body valid JSON`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R26: the device clock is two hours ahead: events carry client time and send time, and the collector corrects them', async () => {
  const { collector, context, server } = await scenario();
  const skew = 2 * 3600_000;
  const page = await openShop(context, server.url, '/shop.html', (p) => p.clock.install({ time: Date.now() + skew })); // runs on from there
  const before = Date.now();
  const tracked = await trackMany(page, 5, { name: 'add_to_cart' });
  await flush(page);
  await until(() => hasAll(collector, tracked), 'delivery');
  const events = collector.events().filter((e) => tracked.includes(e.event_id));
  for (const e of events) {
    expect(e.time - before).toBeGreaterThan(skew - 60_000); // the device's own (wrong) time, as it was
    expect(typeof e.sent_at).toBe('number');
    // Corrected by how far the device's clock was from the collector's when the batch arrived: back
    // on the collector's clock, after the test began and no later than the batch's arrival (the
    // correction is off by the request's own travel time, never by the two hours).
    expect(e.corrected_time!).toBeGreaterThanOrEqual(before - 1000);
    expect(e.corrected_time!).toBeLessThanOrEqual(e.received_at);
  }
  tallies.push(tally('R26', tracked, collector, `device clock +2 h; corrected to within ${Math.max(...events.map((e) => Math.abs(e.corrected_time! - before))).toFixed(0)} ms of the collector's clock`));
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: 0 });
  await noPageErrors(page);
});

test('R27: the same batch sent 3 times leaves the unique count unchanged; ids never change across retries, reloads and reclaims', async () => {
  const { collector, context, server } = await scenario();
  const page = await openShop(context, server.url);
  await flush(page);
  await idle(page);
  await context.setOffline(true); // so the ten go as one batch when back online
  const tracked = await trackMany(page, 10, { name: 'add_to_cart' });
  // The collector stores the batch, then answers 500 twice: the SDK sends it again, the same ids each
  // time. (Only requests carrying it fail: anything else the page sends meanwhile takes no fault.)
  collector.failNext(2, { status: 500, accept: true }, tracked);
  await context.setOffline(false);
  const sends = () => collector.requests().filter((r) => r.ids.some((id) => tracked.includes(id)));
  await until(() => sends().length >= 3, 'three sends of the batch').catch((error: unknown) => {
    throw new Error(`${error}; the collector saw ${JSON.stringify(collector.requests().slice(-6).map((r) => ({ status: r.status, ids: r.ids.length, tracked: r.ids.filter((id) => tracked.includes(id)).length })))}`);
  });
  // Each send carries the same ids (the batch may also hold the stage changes the carts caused).
  const batches = sends().slice(0, 3).map((r) => [...r.ids].sort());
  expect(batches[0]).toEqual(expect.arrayContaining(tracked));
  expect(batches).toEqual(Array(3).fill(batches[0]));
  const unique = collector.stats().unique;
  // A reload with the batch in flight: the next page reclaims it, with the same ids.
  await idle(page);
  collector.failNext(1, 'blackhole');
  const reloaded = await trackMany(page, 5, { name: 'add_to_cart' });
  await flush(page);
  await until(() => collector.requests().some((r) => r.status === 200 && !r.end), 'the black-holed send', 5000).catch(() => {});
  await page.reload();
  await until(() => hasAll(collector, reloaded), 'the reclaimed batch');
  const carrying = collector.requests().filter((r) => r.ids.some((id) => reloaded.includes(id)));
  expect(carrying.every((r) => r.ids.filter((id) => reloaded.includes(id)).length === 5)).toBe(true);
  const resent = 2 * batches[0]!.length;
  tallies.push(tally('R27', [...tracked, ...reloaded], collector, `one batch sent 3 times: unique ${unique}; its ${resent} resent ids are the wire duplicates, by design`));
  expect(collector.stats().unique).toBeGreaterThanOrEqual(unique + 5);
  expect(tallies.at(-1)).toMatchObject({ lost: 0, duplicates: resent });
  await noPageErrors(page);
});
