// Acceptance (#10): the script tag is a small loader that fetches its parts only when a page needs
// them, from its own folder — also from another origin (a CDN), loaded with its integrity hash.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pageErrors, watchErrors } from './support/browser.ts';
import { EMBED_DIR } from './support/embed.ts';
import { useDemoInChromium } from './support/setup.ts';

const env = useDemoInChromium();
const FOLDER = EMBED_DIR.replace(/\/$/, '').split('/').pop()!; // shopscene@<version>

/** A page on the demo's origin with the script tag and `body`; records every request for a part. */
async function open(page: Page, body: string) {
  const script = `<script src="/shopscene.js" data-catalog="/generated/catalog.json" data-scenes="/generated/scenes.json"></script>`;
  const parts: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes('/parts/')) parts.push(path.split('/').pop()!.replace(/-[\w-]{8}\.js$/, ''));
  });
  await watchErrors(page);
  await page.route(`${env.server.url}/parts-page.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><title>parts</title>${script}<body><h1>A store page</h1>${body}</body></html>` }));
  await page.goto(`${env.server.url}/parts-page.html`);
  await page.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  return parts;
}

const diagnostics = (page: Page) => page.evaluate(() => (window as unknown as { shopscene: { diagnostics(): { parts: Record<string, string> } } }).shopscene.diagnostics());

test('a page with no placeholder loads the loader alone', async () => {
  const page = await env.browser.newPage();
  const parts = await open(page, '<a href="/p/1" data-shopscene-item="dj-1">A tile</a>');
  await page.evaluate(() => (window as unknown as { shopscene: { ready: Promise<unknown> } }).shopscene.ready);
  await page.waitForLoadState('networkidle');
  expect(parts).toEqual([]);
  expect((await diagnostics(page)).parts).toEqual({});
  // The tracker works without any part.
  const tracked = await page.evaluate(() => (window as unknown as { shopscene: { track(e: object): Promise<{ ok: boolean }> } }).shopscene.track({ name: 'search', search_term: 'green tea' }));
  expect(tracked.ok).toBe(true);
  expect(parts).toEqual([]);
  await page.close();
});

test('a page with GTM’s dataLayer loads the dataLayer part alone, and its pushes are tracked', async () => {
  const page = await env.browser.newPage();
  const parts = await open(page, `<script>window.dataLayer = [{ event: 'search', ecommerce: { search_term: 'pushed before load' } }];</script>`);
  const last = () => (window as unknown as { shopscene: { diagnostics(): { lastEvent: string | null } } }).shopscene.diagnostics().lastEvent;
  await page.waitForFunction(`(${last})() === 'search'`); // page_view first, then the push made before load
  expect(parts).toEqual(['datalayer']);
  expect((await diagnostics(page)).parts).toEqual({ datalayer: 'loaded' });
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('a waterfall page loads the waterfall part, not the festival one', async () => {
  const page = await env.browser.newPage();
  const parts = await open(page, '<div data-shopscene="guess-you-like"></div>');
  await page.locator('[data-shopscene="guess-you-like"] .ss-card').first().waitFor();
  await page.waitForLoadState('networkidle');
  expect(parts).toContain('waterfall');
  expect(parts).not.toContain('festival');
  expect(parts).not.toContain('outbox'); // no data-api: nothing to deliver
  expect((await diagnostics(page)).parts).toEqual({ waterfall: 'loaded' });
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('a venue page loads the festival part (and the waterfall it builds on)', async () => {
  const page = await env.browser.newPage();
  const parts = await open(page, '<div data-shopscene="festival-floors" data-scene="spring-festival"></div>');
  await page.locator('[data-shopscene="festival-floors"] .ss-venue').first().waitFor();
  expect(parts).toEqual(expect.arrayContaining(['waterfall', 'festival']));
  expect((await diagnostics(page)).parts).toMatchObject({ waterfall: 'loaded', festival: 'loaded' });
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

/** A static server on loopback: `pages` by path, else files under `root`; `cors` opens it to other origins. */
async function serveStatic(root: string, pages: Record<string, string>, cors: boolean): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { js: 'text/javascript', json: 'application/json', svg: 'image/svg+xml', html: 'text/html', map: 'application/json' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const headers = cors ? { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=31536000' } : {};
    if (pages[path]) return void res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(pages[path]);
    const file = normalize(join(root, path));
    try {
      if (!file.startsWith(root)) throw new Error('outside');
      const body = readFileSync(file);
      res.writeHead(200, { ...headers, 'content-type': types[file.split('.').pop()!] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

// The distributable folder as a CDN serves it (another origin, CORS open, cached for a year), and a
// plain store page on its own origin (real servers: Chromium lets a page reach loopback only from loopback).
let cdn: { server: Server; url: string };
let store: { server: Server; url: string };
const integrity = () => (JSON.parse(readFileSync(join(EMBED_DIR, 'integrity.json'), 'utf8')) as Record<string, string>)['shopscene.js']!;
const tag = (hash: string) => `<script src="${cdn.url}/${FOLDER}/shopscene.js" integrity="${hash}" crossorigin="anonymous" data-catalog="/generated/catalog.json"></script>`;
beforeAll(async () => {
  cdn = await serveStatic(join(EMBED_DIR, '..'), {}, true);
  const page = (script: string, body: string) => `<!doctype html><html lang="en"><title>a plain store page</title><script>window.shopscene = window.shopscene || [];</script>${script}<body><h1>Still here</h1>${body}</body></html>`;
  store = await serveStatic(join(EMBED_DIR, '../../../../demo/dist'), {
    '/good.html': page(tag(integrity()), '<div data-shopscene="guess-you-like"></div>'),
    '/tampered.html': page(tag(`sha384-${'A'.repeat(64)}`), '<div data-shopscene="guess-you-like"></div>'),
  }, false);
});
afterAll(async () => {
  for (const s of [cdn, store]) await new Promise<void>((resolve) => s.server.close(() => resolve()));
});

test('the distributable loader, from another origin with its integrity hash, works on a plain page; a wrong hash is refused quietly', async () => {
  expect(integrity()).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  const page = await env.browser.newPage();
  await watchErrors(page);
  const parts: string[] = [];
  page.on('request', (r) => r.url().startsWith(cdn.url) && parts.push(new URL(r.url()).pathname));
  await page.goto(`${store.url}/good.html`);
  await page.locator('[data-shopscene="guess-you-like"] .ss-card').nth(5).waitFor();
  // The loader and its parts came from the CDN's folder; the catalog from the store.
  expect(parts[0]).toBe(`/${FOLDER}/shopscene.js`);
  expect(parts.some((p) => p.startsWith(`/${FOLDER}/parts/waterfall-`))).toBe(true);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();

  // A file changed on the way: the browser refuses it, and the page goes on (its queue stays a queue).
  const tampered = await env.browser.newPage();
  await watchErrors(tampered);
  const refused = new Promise<string>((resolve) => tampered.on('console', (m) => /integrity/i.test(m.text()) && resolve(m.text())));
  await tampered.goto(`${store.url}/tampered.html`);
  expect(await refused).toMatch(/integrity/);
  expect(await tampered.evaluate(() => Array.isArray((window as unknown as { shopscene: unknown }).shopscene))).toBe(true);
  expect(await tampered.locator('h1').textContent()).toBe('Still here');
  expect((await pageErrors(tampered)).errors).toEqual([]);
  await tampered.close();
});
