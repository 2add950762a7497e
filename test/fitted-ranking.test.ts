// Acceptance (#19.2): a store's fitted ranking (`shopscene tune` writes it into the catalog as
// { "ranking": {…}, "products": […] }) reaches rank() through the script tag's static catalog and
// through createShopscene, in Chromium: the same shopper, the same products, a different order.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launch, pageErrors, watchErrors } from './support/browser.ts';
import { embedFile } from './support/embed.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

// A shopper who just looked at "seen"; its related list names "rel"; "pop" is the bestseller. No
// categories or brands: only related lists, reminders and popularity speak.
const product = (id: string, popularity: number, extra: object = {}) => ({
  id,
  title: `Product ${id}`,
  url: `/p/${id}`,
  price: 10,
  currency: 'EUR',
  image: { url: `/img/${id}.png`, width: 300, height: 300 },
  popularity,
  ...extra,
});
const products = [product('seen', 1, { related: [['rel', 1]] }), product('rel', 1), product('pop', 1000), ...Array.from({ length: 20 }, (_, i) => product(`p${i}`, 2))];
/** What the store's own history said, fitted: neither related lists nor reminders help here. */
const ranking = { weights: { related: 0, reminder: 0 }, intent: { window: 5 }, relatedLists: { window: 2, backward: 0 }, fitted: { log: 'clicks.csv', at: '2026-12-01T00:00:00Z' } };
const CATALOGS: Record<string, unknown> = { '/plain.json': products, '/fitted.json': { ranking, products } };

let origin = '';
let closeServer: () => Promise<void> = async () => {};
let chromium: Awaited<ReturnType<typeof launch>>;

/** An app's bundle of @shopscene/core, as a developer's build makes it: `window.firstThree(catalogUrl, ranking?)`. */
async function appBundle(): Promise<string> {
  const { build } = await import('vite');
  const id = `${root}test/__fitted_app__.js`;
  const entry = `import { createShopscene, staticAdapter } from '@shopscene/core';
window.firstThree = async (catalog, ranking) => {
  const sdk = createShopscene({ adapter: staticAdapter({ catalog }), ...(ranking ? { ranking } : {}) });
  await sdk.recommend(); // the products known, so the view is filled in
  await sdk.track({ name: 'view_item', items: [{ item_id: 'seen' }] });
  await sdk.flush();
  return (await sdk.recommend({ limit: 3 })).items.map((i) => i.product.id);
};`;
  const output = await build({
    root,
    logLevel: 'silent',
    configFile: false,
    resolve: { conditions: ['source'] },
    plugins: [{ name: 'entry', enforce: 'pre', resolveId: (s) => (s === id ? id : undefined), load: (s) => (s === id ? entry : undefined) }],
    build: { write: false, minify: true, target: 'es2020', rollupOptions: { input: id, output: { codeSplitting: false } } },
  });
  const { output: [chunk] } = (Array.isArray(output) ? output[0] : output) as unknown as { output: [{ code: string }] };
  return chunk.code;
}

beforeAll(async () => {
  const app = await appBundle();
  const page = (catalog: string) =>
    `<!doctype html><html lang="en"><head><title>shop</title><script src="/shopscene.js" data-catalog="${catalog}"></script></head><body><div data-shopscene="guess-you-like" style="width:900px"></div></body></html>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/plain.html' || path === '/fitted.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(path.replace('.html', '.json')));
    if (path === '/app.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><script type="module" src="/app.js"></script>');
    if (path === '/app.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(app);
    if (CATALOGS[path]) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CATALOGS[path]));
    if (path.startsWith('/img/')) return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"/>');
    const file = embedFile(path);
    if (file) return void res.writeHead(200, { 'content-type': file.type }).end(file.body);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServer = () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  chromium = await launch();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await closeServer();
});

/** The waterfall's cards in order, by product id, once it has drawn them. */
const cardIds = (page: Page) =>
  page.locator('[data-shopscene="guess-you-like"] .ss-card a.ss-link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname.replace('/p/', '')));

/** A new shopper on `path` who views "seen"; then the page again: the waterfall's first three cards. */
async function scriptTagOrder(path: string): Promise<{ first: string[]; warnings: string[]; errors: string[] }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  await watchErrors(page);
  await page.goto(`${origin}${path}`);
  await page.evaluate(async () => {
    const sdk = (window as unknown as { shopscene: { track(e: unknown): Promise<unknown>; flush(): Promise<void> } }).shopscene;
    await sdk.track({ name: 'view_item', items: [{ item_id: 'seen', item_name: 'Product seen' }] });
    await sdk.flush();
  });
  await page.reload();
  await expect.poll(async () => (await cardIds(page)).length).toBeGreaterThanOrEqual(3);
  const first = (await cardIds(page)).slice(0, 3);
  const { warnings, errors } = await pageErrors(page);
  await context.close();
  return { first, warnings, errors };
}

test('through the script tag: the catalog object\'s ranking block changes the waterfall\'s order; a plain array keeps the defaults', async () => {
  const plain = await scriptTagOrder('/plain.html');
  const fitted = await scriptTagOrder('/fitted.html');
  // The defaults: what the shopper looked at and what goes with it lead.
  expect(plain.first.slice(0, 2).sort()).toEqual(['rel', 'seen']);
  // Fitted: neither counts here, so the bestseller leads.
  expect(fitted.first[0]).toBe('pop');
  for (const run of [plain, fitted]) {
    expect(run.errors).toEqual([]);
    expect(run.warnings.filter((w) => w.includes('ranking'))).toEqual([]); // the tools' keys are no error
  }
});

test('through createShopscene: the same block from a catalog object, and the page\'s own settings win over it', async () => {
  const firstThree = async (catalog: string, own?: object) => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await watchErrors(page);
    await page.goto(`${origin}/app.html`);
    await page.waitForFunction(() => 'firstThree' in window);
    const ids = await page.evaluate(([c, r]) => (window as unknown as { firstThree(c: string, r?: object): Promise<string[]> }).firstThree(c as string, r as object | undefined), [catalog, own] as const);
    expect((await pageErrors(page)).errors).toEqual([]);
    await context.close();
    return ids;
  };
  expect((await firstThree('/plain.json')).slice(0, 2).sort()).toEqual(['rel', 'seen']);
  expect((await firstThree('/fitted.json'))[0]).toBe('pop');
  // The page says related lists matter after all: its setting wins; the block's reminder (0) stands.
  expect((await firstThree('/fitted.json', { weights: { related: 4 } }))[0]).toBe('rel');
});
