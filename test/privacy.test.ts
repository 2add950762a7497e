// Acceptance: consent gates every storage and request; deny erases; two tabs converge on one profile.
import { expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';
import { recordEvents, storedProfile, waitForEvents } from './support/events.ts';

const env = useDemoInChromium();

/** A merchant page: the queue (with a consent call when given), the script tag, a product page marker and a button. */
function merchantPage(consent?: string) {
  return `<!doctype html><html><head><title>shop</title>
<script>window.shopscene = window.shopscene || [];${consent ? ` shopscene.push(['consent', '${consent}']);` : ''}</script>
<script src="/shopscene.js" data-catalog="/generated/catalog.json" defer></script></head>
<body><main data-shopscene-page-item="dj-1" data-shopscene-category="Beauty & Care > Beauty" data-shopscene-brand="Essence">
<button data-shopscene-action="add_to_cart">Add to cart</button></main>
<div data-shopscene="guess-you-like" data-page-size="4"></div></body></html>`;
}

async function open(context: BrowserContext, consent?: string): Promise<{ page: Page; requests: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await context.route(`${env.server.url}/shop.html`, (route) => route.fulfill({ contentType: 'text/html', body: merchantPage(consent) }));
  await watchErrors(page);
  await page.goto(`${env.server.url}/shop.html`);
  await page.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  return { page, requests };
}

/** Everything of ours a page could have left behind. */
function footprint(page: Page) {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    cookies: document.cookie,
  }));
}

test('consent pending: nothing stored, no request beyond the page, our files and the catalog; grant keeps the buffer; deny erases', async () => {
  const context = await env.browser.newContext();
  const { page, requests } = await open(context, 'pending');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.locator('.ss-card').first().waitFor();
  // Everything tracked so far has been handled: had anything been going to be stored, it would be now.
  await page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  expect(await footprint(page)).toEqual({ databases: [], localStorage: [], sessionStorage: [], cookies: '' });
  // The page, the loader, the waterfall's part files (from the loader's own folder) and the catalog: nothing else.
  const fetched = requests.filter((r) => !/\.(svg|jpg)$/.test(r));
  expect(fetched.filter((r) => !/^GET \/parts\/[\w-]+\.js$/.test(r))).toEqual(['GET /shop.html', 'GET /shopscene.js', 'GET /generated/catalog.json']);
  const diagnostics = await page.evaluate(() => (window as unknown as { shopscene: { diagnostics(): object } }).shopscene.diagnostics());
  expect(diagnostics).toMatchObject({ consent: 'pending', storage: 'memory' });

  await page.evaluate(() => (window as unknown as { shopscene: { setConsent(c: string): Promise<void> } }).shopscene.setConsent('granted'));
  const stored = await storedProfile(page);
  expect(stored!.viewed.map((v) => v.id)).toEqual(['dj-1']);
  expect(stored!.carted.map((v) => v.id)).toEqual(['dj-1']);

  await page.evaluate(() => void (window as unknown as { shopscene: { setConsent(c: string): Promise<void> } }).shopscene.setConsent('denied'));
  await expect.poll(() => footprint(page), { timeout: 30_000 }).toEqual({ databases: [], localStorage: [], sessionStorage: [], cookies: '' });
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
});

test('Global Privacy Control opts out by default', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const { page } = await open(context);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  expect((await footprint(page)).databases).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { shopscene: { consent(): string } }).shopscene.consent())).toBe('denied');
  await context.close();
});

test('two tabs interleaving events end with one profile holding both tabs’ events', async () => {
  const context = await env.browser.newContext();
  const a = (await open(context)).page;
  const b = (await open(context)).page;
  const track = (page: Page, id: string) =>
    page.evaluate((itemId) => (window as unknown as { shopscene: { track(e: object): Promise<unknown> } }).shopscene.track({ name: 'view_item', items: [{ item_id: itemId }] }), id);
  const expected: string[] = [];
  for (let i = 0; i < 12; i++) {
    expected.push(`a${i}`, `b${i}`);
    if (i % 3 === 0) await Promise.all([track(a, `a${i}`), track(b, `b${i}`)]); // at the same moment
    else {
      await track(a, `a${i}`);
      await track(b, `b${i}`);
    }
  }
  await Promise.all([a, b].map((p) => p.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush())));
  const stored = await storedProfile(a);
  expect(stored!.viewed.map((v) => v.id).sort()).toEqual(expect.arrayContaining(expected.sort()));
  // Both tabs see the merged profile too.
  for (const page of [a, b]) {
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shopscene: { profile: { value: { viewed: { id: string }[] } } } }).shopscene.profile.value.viewed.map((v) => v.id)))
      .toEqual(expect.arrayContaining(expected));
  }
  expect((await pageErrors(a)).errors).toEqual([]);
  expect((await pageErrors(b)).errors).toEqual([]);
  await context.close();
});

test('forget() in one tab erases the profile everywhere', async () => {
  const context = await env.browser.newContext();
  const a = (await open(context)).page;
  const b = (await open(context)).page;
  // Both tabs' page views are in (a tab still folding its own would rightly keep it after the erase).
  for (const tab of [a, b]) await tab.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  expect((await storedProfile(a))!.viewed.map((v) => v.id)).toEqual(['dj-1']);
  await a.evaluate(() => (window as unknown as { shopscene: { forget(): Promise<void> } }).shopscene.forget());
  expect(await a.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);
  await expect
    .poll(() => b.evaluate(() => (window as unknown as { shopscene: { profile: { value: { viewed: unknown[] } } } }).shopscene.profile.value.viewed.length))
    .toBe(0);
  await context.close();
});

test.each([
  ['an old version', { version: 1, anonymousId: 'old', createdAt: 1, updatedAt: 1, eventCount: 1, traits: {}, affinities: { category: {}, brand: {}, tag: {} }, searches: [], viewed: [{ id: 'kept', time: 1 }], carted: [], bought: [], orders: [], dislikes: [], impressions: {} }, /migrated from version 1 to 2/],
  ['a corrupted one', { version: 2, affinities: 'garbage' }, /unreadable \(version 2 data is corrupted\) and was replaced/],
  ['not even an object', 'garbage', /unreadable \(expected an object, found string\)/],
])('a stored profile that is %s loads without error, with one warning', async (_, stored, warning) => {
  const context = await env.browser.newContext();
  const seed = await context.newPage();
  await seed.goto(`${env.server.url}/generated/catalog.json`);
  await seed.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('shopscene');
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          tx.objectStore('kv').put(value, 'profile');
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    stored,
  );
  const { page } = await open(context);
  await page.locator('.ss-card').first().waitFor();
  const { errors, warnings } = await pageErrors(page);
  expect(errors).toEqual([]);
  expect(warnings.filter((w) => w.includes('stored profile'))).toEqual([expect.stringMatching(warning)]);
  await page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  const after = await storedProfile(page);
  expect(after).toMatchObject({ version: 2 });
  expect(after!.viewed.map((v) => v.id)).toEqual(typeof stored === 'object' && (stored as { version: number }).version === 1 ? ['dj-1', 'kept'] : ['dj-1']);
  await context.close();
});

test('a 500 KB landing URL: the page_view keeps 1,000 characters of it, e-mail addresses redacted, listed parameters dropped, the referral and UTM kept', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await watchErrors(page);
  await recordEvents(page);
  // The store drops its own order codes on top of the defaults (token, password, email, …).
  await context.route(
    (url) => url.pathname === '/landing.html',
    (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>landing</title><script src="/shopscene.js" data-catalog="/generated/catalog.json" data-drop-params="order_code, Tracking" defer></script>`,
      }),
  );
  const query = `ss_ref=abc123def456gh&utm_source=newsletter&utm_medium=email&utm_campaign=${'spring'.repeat(60)}&utm_content=hero&subscriber=jane.doe%40example.com&token=s3cret&order_code=T-1001&tracking=${'z'.repeat(500_000)}&contact=bob@example.org`;
  const landing = `${env.server.url}/landing.html?${query}`;
  expect(landing.length).toBeGreaterThan(500_000);
  await page.goto(landing);
  const [view] = (await waitForEvents(page, 'page_view')) as unknown as { page: { url: string; path: string; referrer: string }; referral?: string; utm_source?: string; utm_medium?: string; utm_campaign?: string; utm_content?: string }[];
  const url = view!.page.url;
  expect(url.length).toBeLessThanOrEqual(1000);
  expect(url.startsWith(`${env.server.url}/landing.html?ss_ref=abc123def456gh&utm_source=newsletter`)).toBe(true);
  expect(url).toContain('subscriber=(redacted)');
  expect(url).not.toMatch(/jane|example\.com|example\.org|s3cret|token=|T-1001|order_code|tracking=|zzzz/);
  // What the link says of a shared landing is still read from the whole URL (each value cut to 200 characters).
  expect(view).toMatchObject({ referral: 'abc123def456gh', utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'spring'.repeat(60).slice(0, 200), utm_content: 'hero' });
  expect(JSON.stringify(view).length).toBeLessThan(5000);
  const referrals = await page.evaluate(async () => {
    const sdk = (window as unknown as { shopscene: { flush(): Promise<void>; exportProfile(): Promise<{ referrals?: unknown[] }> } }).shopscene;
    await sdk.flush();
    return (await sdk.exportProfile()).referrals;
  });
  expect(referrals).toEqual([expect.objectContaining({ code: 'abc123def456gh', source: 'newsletter', content: 'hero' })]);
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
});

test('exportProfile() asked in the same task as the script tag’s first run answers for the stored shopper, never a stand-in', async () => {
  const context = await env.browser.newContext();
  // An earlier page stored this shopper's profile.
  const { page } = await open(context);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  const stored = (await storedProfile(page)) as unknown as { anonymousId: string; carted: { id: string }[] };
  expect(stored.carted.map((c) => c.id)).toContain('dj-1');
  await page.close();

  // The next page asks at once: a queued function runs inside the loader's first task, before the stored profile is read.
  const next = await context.newPage();
  await watchErrors(next);
  await context.route(`${env.server.url}/export.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>export</title><script src="/shopscene.js" data-catalog="/generated/catalog.json" defer></script>
        <script src="/export-now.js"></script>`,
    }),
  );
  await context.route(`${env.server.url}/export-now.js`, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `window.shopscene = window.shopscene || [];
        shopscene.push((sdk) => { window.__early = { id: sdk.profile.peek().anonymousId }; window.__export = sdk.exportProfile(); });`,
    }),
  );
  await next.goto(`${env.server.url}/export.html`);
  const exported = await next.evaluate(async () => {
    const w = window as unknown as { __export: Promise<{ anonymousId: string; carted: { id: string }[] }>; __early: { id: string } };
    const p = await w.__export;
    return { id: p.anonymousId, carted: p.carted.map((c) => c.id), early: w.__early.id };
  });
  expect(exported.id).toBe(stored.anonymousId);
  expect(exported.carted).toContain('dj-1');
  expect(exported.early).not.toBe(stored.anonymousId); // at that moment the profile in memory was still a stand-in: the export waited
  expect((await pageErrors(next)).errors).toEqual([]);
  await context.close();
});
