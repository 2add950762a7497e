// Auto-capture in real Chromium: viewable impressions (IAB: ≥ 50 % for ≥ 1 continuous second) and SPA page views.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pageErrors, pauseClock, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';
import { events, recordEvents, waitForEvents } from './support/events.ts';
import { probeVisibility, scrollAndSettle } from './support/visibility.ts';

const env = useDemoInChromium();

const VIEWPORT = { width: 800, height: 600 };
/** Tiles 200 px tall at known offsets, far apart, on a merchant-like page with the script tag. */
const FIXTURE = `<!doctype html><html><head><title>fixture</title>
<style>body { margin: 0 } .tile { position: absolute; left: 0; width: 300px; height: 200px; background: #ddd }</style>
<script>window.shopscene = window.shopscene || [];</script>
<script src="/shopscene.js" data-catalog="/generated/catalog.json"></script></head>
<body style="height: 9000px"><div data-shopscene-list="fixture">
<a class="tile" style="top: 2000px" data-shopscene-item="dj-1">one</a>
<a class="tile" style="top: 4000px" data-shopscene-item="dj-2">two</a>
<a class="tile" style="top: 6000px" data-shopscene-item="dj-3">three</a>
</div></body></html>`;

async function openFixture(): Promise<Page> {
  const page = await env.browser.newPage({ viewport: VIEWPORT });
  await page.route(`${env.server.url}/fixture.html`, (route) => route.fulfill({ contentType: 'text/html', body: FIXTURE }));
  await watchErrors(page);
  await recordEvents(page);
  await probeVisibility(page);
  // The page's timers run on a fake clock the test drives: dwell times are exact, whatever the machine's load.
  await page.clock.install();
  await page.goto(`${env.server.url}/fixture.html`);
  await page.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  // From here the page's time moves only when the test says so.
  await pauseClock(page);
  return page;
}

/** The y that shows `share` of the 200 px tile at `top` at the bottom of the viewport. */
const showing = (top: number, share: number) => top - VIEWPORT.height + 200 * share;

/** The items with an impression; first lets an impression due by now go out (they leave 300 ms later, in one event). */
async function impressed(page: Page, { settle = true } = {}): Promise<string[]> {
  if (settle) await page.clock.runFor(400);
  return (await events(page, 'view_item_list')).flatMap((e) => e.items!.map((i) => i.item_id));
}

test('49 % visible for 1.5 s is no impression; 60 % for a second is exactly one, not a millisecond sooner', async () => {
  const page = await openFixture();
  await scrollAndSettle(page, showing(2000, 0.49), { 'dj-1': false });
  await page.clock.runFor(1500);
  expect(await impressed(page)).toEqual([]);

  await scrollAndSettle(page, showing(2000, 0.6), { 'dj-1': true });
  await page.clock.runFor(999);
  expect(await impressed(page, { settle: false })).toEqual([]);
  await page.clock.runFor(1);
  expect(await impressed(page)).toEqual(['dj-1']);
  const [event] = await events(page, 'view_item_list');
  expect(event!.item_list_id).toBe('fixture');
  expect(event!.items![0]).toMatchObject({ item_id: 'dj-1', index: 0 });

  // Once per item per page view: away and back again adds nothing.
  await scrollAndSettle(page, 0, { 'dj-1': false });
  await page.clock.runFor(200);
  await scrollAndSettle(page, showing(2000, 1), { 'dj-1': true });
  await page.clock.runFor(1500);
  expect(await impressed(page)).toEqual(['dj-1']);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('600 ms + 600 ms in two visits is no impression; 999 ms is none either', async () => {
  const page = await openFixture();
  await scrollAndSettle(page, showing(4000, 1), { 'dj-2': true });
  await page.clock.runFor(600);
  await scrollAndSettle(page, 0, { 'dj-2': false });
  await page.clock.runFor(300);
  await scrollAndSettle(page, showing(4000, 1), { 'dj-2': true });
  await page.clock.runFor(600);
  await scrollAndSettle(page, showing(6000, 1), { 'dj-2': false, 'dj-3': true });
  await page.clock.runFor(999);
  await scrollAndSettle(page, 0, { 'dj-3': false });
  await page.clock.runFor(1200);
  expect(await impressed(page)).toEqual([]);
  await page.close();
});

test('SPA navigation: pushState ×3, replaceState to the same path, popstate ×2 give 5 page views after the first', async () => {
  const page = await openFixture();
  await page.waitForFunction(() => (window as unknown as { __events: { name: string }[] }).__events.some((e) => e.name === 'page_view'));
  await page.evaluate(async () => {
    history.pushState({}, '', '/a');
    history.pushState({}, '', '/b');
    history.pushState({}, '', '/c');
    history.replaceState({ same: true }, '', '/c');
    const popped = () => new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
    history.back();
    await popped();
    history.back();
    await popped();
  });
  const views = await waitForEvents(page, 'page_view', 6);
  expect(views.length).toBe(6);
  expect(new Set(views.map((v) => v.event_id)).size).toBe(6);
  await page.close();
});

test('a search form and an action button outside any tile still give their events', async () => {
  const page = await env.browser.newPage({ viewport: VIEWPORT });
  await page.route(`${env.server.url}/fixture2.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><script src="/shopscene.js" data-catalog="/generated/catalog.json"></script>
        <form data-shopscene-search onsubmit="event.preventDefault()"><input name="q" value=" red shoes "><button>Go</button></form>
        <button data-shopscene-action="add_to_wishlist" data-shopscene-item="dj-9" data-shopscene-price="12.5">Wish</button>`,
    }),
  );
  await recordEvents(page);
  await page.goto(`${env.server.url}/fixture2.html`);
  await page.getByRole('button', { name: 'Go' }).click();
  await page.getByRole('button', { name: 'Wish' }).click();
  expect((await waitForEvents(page, 'search'))[0]).toMatchObject({ search_term: 'red shoes' });
  expect((await waitForEvents(page, 'add_to_wishlist'))[0]!.items![0]).toMatchObject({ item_id: 'dj-9', quantity: 1 });
  await page.close();
});

test('GA4 ecommerce pushes to GTM’s dataLayer and gtag() are tracked, before and after load', async () => {
  const page = await env.browser.newPage({ viewport: VIEWPORT });
  await page.route(`${env.server.url}/gtm.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><script>
        window.dataLayer = window.dataLayer || [];
        function gtag() { dataLayer.push(arguments); }
        dataLayer.push({ event: 'gtm.js' });
        dataLayer.push({ ecommerce: null });
        dataLayer.push({ event: 'view_item', ecommerce: { currency: 'USD', value: 9.99, items: [{ item_id: 'dj-1', item_name: 'Mascara', item_brand: 'Essence', item_category: 'Beauty' }] } });
      </script><script src="/shopscene.js" data-catalog="/generated/catalog.json"></script>`,
    }),
  );
  await recordEvents(page);
  await page.goto(`${env.server.url}/gtm.html`);
  await page.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  await page.evaluate(() => {
    const w = window as unknown as { gtag: (...a: unknown[]) => void; dataLayer: unknown[] };
    w.gtag('event', 'add_to_cart', { currency: 'USD', value: 9.99, items: [{ item_id: 'dj-1', quantity: 1 }] });
    w.gtag('config', 'G-XXXX');
    w.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'T-9', value: 9.99, currency: 'USD', items: [{ item_id: 'dj-1' }] } });
  });
  await waitForEvents(page, 'purchase');
  const names = (await events(page)).map((e) => e.name).filter((n) => n !== 'page_view' && n !== 'stage_change');
  expect(names).toEqual(['view_item', 'add_to_cart', 'purchase']);
  expect((await events(page, 'view_item'))[0]!.items![0]).toMatchObject({ item_id: 'dj-1', item_category: 'Beauty' });
  await page.close();
});

test('ordinary GA4 pushes with a numeric item_id and string numbers are tracked with coerced types; a button and the store’s own push for the same click are one event', async () => {
  const page = await env.browser.newPage({ viewport: VIEWPORT });
  await watchErrors(page);
  await page.route(`${env.server.url}/gtm-shop.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><script>window.dataLayer = window.dataLayer || [];</script>
        <script src="/shopscene.js" data-catalog="/generated/catalog.json"></script>
        <main data-shopscene-page-item="dj-3"><button data-shopscene-action="add_to_cart" onclick="dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'USD', value: '19.98', items: [{ item_id: 'dj-3', price: '9.99', quantity: '2' }] } })">Add</button></main>`,
    }),
  );
  await recordEvents(page);
  await page.goto(`${env.server.url}/gtm-shop.html`);
  await page.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ event: 'add_to_wishlist', ecommerce: { currency: 'USD', value: '5.5', items: [{ item_id: 42, price: '5.50', quantity: '1' }] } }));
  const [wish] = await waitForEvents(page, 'add_to_wishlist');
  expect(wish).toMatchObject({ value: 5.5, items: [{ item_id: '42', price: 5.5, quantity: 1 }] });
  // One click: the markup's add_to_cart and the store's push are one event (the first report wins).
  await page.getByRole('button', { name: 'Add' }).click();
  await waitForEvents(page, 'add_to_cart');
  // Both reports came in the click itself; once tracking has settled, a second event would be here.
  await page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  expect((await events(page, 'add_to_cart')).length).toBe(1);
  // A second click is a second add, from both sources again: one more event.
  await page.getByRole('button', { name: 'Add' }).click();
  await waitForEvents(page, 'add_to_cart', 2);
  await page.evaluate(() => (window as unknown as { shopscene: { flush(): Promise<void> } }).shopscene.flush());
  expect((await events(page, 'add_to_cart')).length).toBe(2);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});
