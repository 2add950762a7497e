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
    if (path.includes('/parts/')) parts.push(path.split('/').pop()!.replace(/-[\w-]{6}\.js$/, ''));
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

test('identify() fetches the traits part the first time it is called, checks with it, and says why when it cannot load', async () => {
  const page = await env.browser.newPage();
  const parts = await open(page, '<a href="/p/1" data-shopscene-item="dj-1">A tile</a>');
  expect(parts).toEqual([]);
  type Sdk = { identify(t: unknown): Promise<{ ok: boolean; traits?: Record<string, unknown>; issues: { path: string; message: string }[] }>; flush(): Promise<void>; exportProfile(): Promise<{ traits: Record<string, unknown> }> };
  const identify = (traits: unknown) => page.evaluate((t) => (window as unknown as { shopscene: Sdk }).shopscene.identify(t), traits);
  const first = await identify({ ageBand: '25-34', region: 'CN-31', shoeSize: 42 });
  expect(parts).toEqual(['traits']);
  expect(first).toMatchObject({ ok: true, traits: { ageBand: '25-34', region: 'CN-31' }, issues: [{ path: 'shoeSize', message: expect.stringMatching(/unknown trait/) }] });
  expect(await identify({ gender: 'female' })).toMatchObject({ ok: true });
  expect(parts).toEqual(['traits']); // once per page
  const exported = await page.evaluate(async () => (await (window as unknown as { shopscene: Sdk }).shopscene.exportProfile()).traits);
  expect(exported).toEqual({ ageBand: '25-34', region: 'CN-31', gender: 'female' });
  expect((await diagnostics(page)).parts).toEqual({ traits: 'loaded' });
  expect((await pageErrors(page)).warnings.join('\n')).toMatch(/identify\(\) ignored invalid traits: shoeSize/);

  // Where the part cannot be fetched, identify() stores nothing and says why; the page goes on.
  const offline = await env.browser.newPage();
  await offline.route('**/parts/traits-*.js', (route) => route.abort());
  await open(offline, '');
  const refused = await offline.evaluate((t) => (window as unknown as { shopscene: Sdk }).shopscene.identify(t), { ageBand: '25-34' });
  expect(refused).toMatchObject({ ok: false, issues: [{ path: '(root)', message: expect.stringMatching(/checks of traits could not load/) }] });
  expect((await pageErrors(offline)).errors).toEqual([]);
  await page.close();
  await offline.close();
});

test('preview parameters: the loader looks only for their names; the preview part comes on a store that allows previews', async () => {
  const page = await env.browser.newPage();
  const parts: string[] = [];
  page.on('request', (r) => r.url().includes('/parts/') && parts.push(new URL(r.url()).pathname.split('/').pop()!.replace(/-[\w-]{6}\.js$/, '')));
  await watchErrors(page);
  const tag = (attrs: string) => `<!doctype html><title>p</title><script src="/shopscene.js" data-catalog="/generated/catalog.json" ${attrs}></script>`;
  await page.route(`${env.server.url}/closed.html*`, (route) => route.fulfill({ contentType: 'text/html', body: tag('') }));
  await page.route(`${env.server.url}/open.html*`, (route) => route.fulfill({ contentType: 'text/html', body: tag('data-preview="url"') }));
  const query = `?shopscene-preview-time=${encodeURIComponent('2027-02-01T20:00+08:00')}&shopscene-preview-audience=ageBand:under-18`;
  await page.goto(`${env.server.url}/closed.html${query}`);
  await page.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  await page.waitForLoadState('networkidle');
  expect(parts).toEqual([]);
  expect((await pageErrors(page)).warnings.join('\n')).toMatch(/preview parameters in the URL are ignored/);
  expect(await page.evaluate(() => (window as unknown as { shopscene: { preview: unknown } }).shopscene.preview)).toBeNull();

  await page.goto(`${env.server.url}/open.html${query}`);
  await page.waitForFunction(() => (window as unknown as { shopscene: { preview?: { time?: number } } }).shopscene.preview?.time !== undefined);
  const { preview, now } = await page.evaluate(() => {
    const sdk = (window as unknown as { shopscene: { preview: { time: number; traits: object }; now(): number } }).shopscene;
    return { preview: sdk.preview, now: sdk.now() };
  });
  expect(parts).toEqual(['preview']);
  expect(preview).toEqual({ time: Date.parse('2027-02-01T20:00+08:00'), traits: { ageBand: 'under-18' } });
  expect(now - preview.time).toBeGreaterThanOrEqual(0); // the page's clock runs from the preview's time
  expect(now - preview.time).toBeLessThan(60_000);
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

test("a widget page starts the browser's number formatting in a worker from the loader's folder, which closes itself", async () => {
  const page = await env.browser.newPage();
  const workers: string[] = [];
  const closed = new Promise<string>((resolve) => page.on('worker', (w) => (workers.push(w.url()), w.on('close', () => resolve(w.url())))));
  const parts = await open(page, '<div data-shopscene="guess-you-like"></div>');
  expect(new URL(await closed).pathname).toBe('/parts/intl.js');
  expect(workers).toHaveLength(1);
  await page.locator('[data-shopscene="guess-you-like"] .ss-card').first().waitFor();
  expect(parts.filter((p) => p === 'intl.js')).toHaveLength(1);
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
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${store.url}/good.html`);
  await page.locator('[data-shopscene="guess-you-like"] .ss-card').nth(5).waitFor();
  // The loader and its parts came from the CDN's folder; the catalog from the store.
  expect(parts[0]).toBe(`/${FOLDER}/shopscene.js`);
  expect(parts.some((p) => p.startsWith(`/${FOLDER}/parts/waterfall-`))).toBe(true);
  // A worker can only come from the page's own origin: none is started, and nothing is reported.
  expect(workers).toEqual([]);
  expect(parts.filter((p) => p.endsWith('/intl.js'))).toEqual([]);
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
