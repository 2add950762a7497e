// A merchant's page with the script tag pointed at a collector, and the bookkeeping of the reliability suite.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { watchErrors } from './browser.ts';
import { embedFile } from './embed.ts';
import type { Collector } from './collector.ts';

/** The page: the queue stub and the script tag with `data-api` (cross-origin: the collector has its own port). */
export function shopHtml(api: string, attrs = '', body = '<h1>shop</h1>'): string {
  return `<!doctype html><html><head><title>shop</title>
<script>window.shopscene = window.shopscene || []; window.__failures = [];
shopscene.push(['onDeliveryFailure', (f) => window.__failures.push({ reason: f.reason, status: f.status, ids: f.events.map((e) => e.event_id) })]);</script>
<script src="/shopscene.js" data-api="${api}" ${attrs}></script></head><body>${body}</body></html>`;
}

/**
 * A merchant's site on loopback: `/shop*.html` (the page above) and the built script tag (`/shopscene.js`
 * and the parts it fetches from `/parts/`).
 * A real server, not a routed response: Chromium only lets a page that came from loopback reach the
 * collector on loopback (Local Network Access), as a merchant's public page reaches a public backend.
 */
export async function startShop(api: string, attrs = '', body?: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (/^\/shop[\w-]*\.html$/.test(path)) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shopHtml(api, attrs, body));
    const file = embedFile(path);
    if (file) return void res.writeHead(200, { 'content-type': file.type }).end(file.body);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/** Waits in Node for `check`, polling; throws with `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Opens a shop page and waits for the SDK (polling from Node, so it works under a fake clock too). */
export async function openShop(context: BrowserContext, origin: string, path = '/shop.html', prepare?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await context.newPage();
  await watchErrors(page);
  await prepare?.(page);
  await page.goto(`${origin}${path}`);
  await until(() => page.evaluate(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene)), 'the SDK to start');
  return page;
}

export interface TrackSpec {
  name?: string;
  /** Pads each event to about this many bytes (items with long names). */
  pad?: number;
  /** Extra fields (e.g. a purchase's transaction_id, value, currency). */
  extra?: Record<string, unknown>;
  /**
   * Then leave for this URL in the very next task: the acknowledged events meet the page's unload,
   * not the batch timer (a round trip through the test runner could outlast it).
   */
  leave?: string;
}

/** Tracks `n` events at once and resolves with the ids of those acknowledged (track() resolved ok). */
export async function trackMany(page: Page, n: number, spec: TrackSpec = {}): Promise<string[]> {
  const ids = await page.evaluate(
    async ({ n, name, pad, extra, leave }) => {
      const sdk = (window as unknown as { shopscene: { track(e: unknown): Promise<{ ok: boolean; event?: { event_id: string } }> } }).shopscene;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          sdk.track({
            name,
            items: Array.from({ length: Math.max(1, Math.ceil(pad / 450)) }, (_, j) => ({ item_id: `p${(i + j) % 50}`, item_name: pad ? 'x'.repeat(400) : `item ${i}`, price: 10 })),
            ...extra,
          }),
        ),
      );
      if (leave) setTimeout(() => (location.href = leave), 0);
      return results.filter((r) => r.ok).map((r) => r.event!.event_id);
    },
    { n, name: spec.name ?? 'view_item', pad: spec.pad ?? 0, extra: spec.extra ?? {}, leave: spec.leave ?? '' },
  );
  if (spec.leave) await page.waitForURL(spec.leave);
  return ids;
}

export interface DeliveryDiagnostics {
  storage: 'indexeddb' | 'memory';
  queued: number;
  delivered: number;
  dropped: number;
  state: string;
  sender: boolean;
  lastError: string | null;
  /** The outbox's record of its requests, on the page's clock (see OutboxStatus.attempts). */
  attempts: { at: number; answeredAt: number; events: number; status: number; retryAt?: number }[];
}

export function delivery(page: Page): Promise<DeliveryDiagnostics> {
  return page.evaluate(() => (window as unknown as { shopscene: { diagnostics(): { delivery: DeliveryDiagnostics } } }).shopscene.diagnostics().delivery);
}

export function failures(page: Page): Promise<{ reason: string; status?: number; ids: string[] }[]> {
  return page.evaluate(() => (window as unknown as { __failures: { reason: string; status?: number; ids: string[] }[] }).__failures);
}

/** One line of the suite's table. */
export interface Tally {
  scenario: string;
  tracked: number;
  delivered: number;
  lost: number;
  duplicates: number;
  requests: number;
  note: string;
}

/** Whether the collector has every one of `ids`. */
export function hasAll(collector: Collector, ids: string[]): boolean {
  const have = new Set(collector.events().map((e) => e.event_id));
  return ids.every((id) => have.has(id));
}

/** Counts what the collector has of `tracked`: delivered, lost, wire duplicates, requests. */
export function tally(scenario: string, tracked: string[], collector: Collector, note = ''): Tally {
  const have = new Set(collector.events().map((e) => e.event_id));
  const delivered = tracked.filter((id) => have.has(id)).length;
  const stats = collector.stats();
  return { scenario, tracked: tracked.length, delivered, lost: tracked.length - delivered, duplicates: stats.duplicates, requests: stats.requests, note };
}

export function printTallies(tallies: Tally[]): void {
  const rows = [...tallies].sort((a, b) => Number(a.scenario.slice(1)) - Number(b.scenario.slice(1))).map(
    (t) =>
      `${t.scenario.padEnd(4)} tracked ${String(t.tracked).padStart(5)}  delivered ${String(t.delivered).padStart(5)}  lost ${String(t.lost).padStart(5)}  ` +
      `wire duplicates ${String(t.duplicates).padStart(4)} (${((100 * t.duplicates) / Math.max(1, t.delivered)).toFixed(1)} %)  requests ${String(t.requests).padStart(4)}  ${t.note}`,
  );
  console.log(`\nReliability (../shared/RELIABILITY.md), Chromium against the reference collector on loopback:\n${rows.join('\n')}\n`);
}

/** Where wire duplicates came from: for each request that repeated ids, its mode and the first sender's mode. */
export function duplicateSources(collector: Collector): string[] {
  const first = new Map<string, string>();
  const sources = new Map<string, number>();
  collector.requests().forEach((r, i) => {
    for (const id of r.ids) {
      const seen = first.get(id);
      if (seen === undefined) first.set(id, `#${i} ${r.mode}`);
      else sources.set(`${seen} → #${i} ${r.mode}`, (sources.get(`${seen} → #${i} ${r.mode}`) ?? 0) + 1);
    }
  });
  return [...sources].map(([k, n]) => `${k} ×${n}`);
}

/** The most requests of mode `mode` that were open at the same moment. */
export function maxConcurrent(collector: Collector, mode = 'cors'): number {
  const spans = collector
    .requests()
    .filter((r) => r.mode === mode)
    .map((r) => [r.start, r.end ?? Date.now()] as const);
  let most = 0;
  for (const [start] of spans) most = Math.max(most, spans.filter(([s, e]) => s <= start && start < e).length);
  return most;
}
