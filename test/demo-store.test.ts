// Acceptance: the demo command serves the storefront, and every page works as a shopper uses it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';
import { recordEvents, waitForEvents } from './support/events.ts';

const env = useDemoInChromium();

test('the demo command starts a server that serves the storefront and the script', async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../demo/scripts/serve.mjs', import.meta.url))], {
    env: { ...process.env, PORT: '0' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /(http:\/\/[\d.:]+)\//.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`demo server exited with ${code}`)));
    });
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<script src="/shopscene.js" data-catalog="/generated/catalog.json" data-scenes="/generated/scenes.json" defer>');
    const script = await fetch(`${url}/shopscene.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    const catalog = (await (await fetch(`${url}/generated/catalog.json`)).json()) as unknown[];
    expect(catalog.length).toBe(214);
    expect((await fetch(`${url}/../../etc/passwd`)).status).not.toBe(200);
  } finally {
    child.kill();
  }
});

test('a shopper searches, browses a category, buys, and the profile panel shows what was learned', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await watchErrors(page);
  await recordEvents(page);

  await page.goto(`${env.server.url}/`);
  await page.getByRole('searchbox', { name: 'Search products' }).fill('green tea');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/search\.html\?q=green/);
  // The search event was recorded on the page that submitted; the profile carries it over.
  await page.locator('#profile-panel summary').click();
  await expect.poll(() => page.locator('#profile-panel').textContent()).toContain('green tea');

  await page.goto(`${env.server.url}/category.html?c=Groceries`);
  await page.locator('.tile').first().waitFor();
  expect(await page.locator('.tile').count()).toBe(27);
  const impressions = await waitForEvents(page, 'view_item_list');
  expect(impressions[0]!.item_list_id).toBe('category-Groceries');
  await page.locator('.tile').nth(1).click();
  await page.waitForURL(/product\.html/);
  await waitForEvents(page, 'view_item');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await waitForEvents(page, 'add_to_cart');
  // The product page also shows a "you may also like" custom element.
  await page.locator('shopscene-guess-you-like .ss-card').first().waitFor();

  await page.goto(`${env.server.url}/cart.html`);
  expect(await page.locator('.cart-table tbody tr').count()).toBe(1);
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.waitForURL(/checkout\.html/);
  await page.getByLabel('Name').fill('Ada');
  await page.getByRole('button', { name: 'Place order' }).click();
  const [purchase] = await waitForEvents(page, 'purchase');
  expect(purchase).toMatchObject({ name: 'purchase', currency: 'USD' });
  expect(purchase!.items).toHaveLength(1);
  await page.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();

  await page.locator('#profile-panel summary').click();
  const panel = await page.locator('#profile-panel').textContent();
  expect(panel).toContain('Groceries');
  expect(panel).toMatch(/Stored in indexeddb/);
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
});

test('the Preact import page renders the same waterfall without the script tag', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1240, height: 900 } });
  await watchErrors(page);
  await page.goto(`${env.server.url}/preact.html`);
  await page.locator('#app .ss-card').nth(7).waitFor();
  expect(await page.evaluate(() => 'shopscene' in window)).toBe(false);
  const columns = () => page.locator('#app .ss-card').evaluateAll((cards) => new Set(cards.map((c) => c.getBoundingClientRect().left)).size);
  expect(await columns()).toBe(5);
  // Responsive: a phone gets two columns.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect.poll(columns).toBe(2);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('the script tag adds exactly one global name, window.shopscene (and one symbol, where its parts find the code they share with it)', async () => {
  const page = await env.browser.newPage();
  await page.route(`${env.server.url}/bare.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bare</title><script src="/shopscene.js" data-catalog="/generated/catalog.json"></script>' }),
  );
  await page.goto(`${env.server.url}/bare.html`);
  const added = await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const clean = new Set(Object.getOwnPropertyNames(frame.contentWindow!));
    const cleanSymbols = new Set(Object.getOwnPropertySymbols(frame.contentWindow!));
    return {
      names: Object.getOwnPropertyNames(window).filter((k) => !clean.has(k) && !/^\d+$/.test(k)), // numeric: the iframe itself
      symbols: Object.getOwnPropertySymbols(window)
        .filter((s) => !cleanSymbols.has(s))
        .map((s) => ({ key: Symbol.keyFor(s), enumerable: Object.getOwnPropertyDescriptor(window, s)!.enumerable })),
    };
  });
  expect(added.names).toEqual(['shopscene']);
  expect(added.symbols).toEqual([{ key: expect.stringMatching(/^shopscene\.shared@\d+\.\d+\.\d+/), enumerable: false }]);
  await page.close();
});

test('the inspector replays a real shopper and shows their RFM segment and stages; export and forget work', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await watchErrors(page);
  await page.goto(`${env.server.url}/`);
  await page.locator('#profile-panel summary').click();
  await page.getByLabel('Persona').selectOption({ label: 'Loyal regular' });
  // Orders in the default one-year window, straight from the persona file.
  const { readFileSync } = await import('node:fs');
  const personas = JSON.parse(readFileSync(new URL('../demo/data/personas.json', import.meta.url), 'utf8')) as { name: string; orders: { daysAgo: number }[] }[];
  const inWindow = personas.find((p) => p.name === 'Loyal regular')!.orders.filter((o) => o.daysAgo <= 365).length;
  await expect.poll(() => page.locator('#rfm').textContent(), { timeout: 10_000 }).toContain(`${inWindow} orders`);
  expect(await page.locator('#rfm').textContent()).toMatch(/scores R5 F5 M5 → important-value/);
  expect(await page.locator('#aipl').textContent()).toContain('Gifts & Home loyalty');
  expect(await page.locator('#profile-panel').textContent()).toContain('ageBand: 45-54');

  await page.getByLabel('Persona').selectOption({ label: 'Big spender gone quiet' });
  await expect.poll(() => page.locator('#rfm').textContent(), { timeout: 10_000 }).toMatch(/→ important-(recall|development)/);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export my data' }).click();
  const file = await (await download).path();
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 2, traits: { incomeBand: 'high' } });

  await page.getByRole('button', { name: 'Forget me' }).click();
  await expect.poll(() => page.locator('#rfm').textContent()).toBe('no orders yet');
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
});
