// Auto-capture in real Chromium: viewable impressions (IAB: ≥ 50 % for ≥ 1 continuous second) and SPA page views.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';
import { events, recordEvents } from './support/events.ts';

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
  await page.goto(`${env.server.url}/fixture.html`);
  await page.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  return page;
}

/** Scrolls so that `share` of the 200 px tile at `top` shows at the bottom of the viewport. */
async function showShare(page: Page, top: number, share: number) {
  const y = top - VIEWPORT.height + 200 * share;
  await page.evaluate((scrollY) => window.scrollTo(0, scrollY), y);
}

async function impressed(page: Page): Promise<string[]> {
  return (await events(page, 'view_item_list')).flatMap((e) => e.items!.map((i) => i.item_id));
}

test('49 % visible for 1.5 s is no impression; 60 % for over a second is exactly one', async () => {
  const page = await openFixture();
  await showShare(page, 2000, 0.49);
  await page.waitForTimeout(1500);
  expect(await impressed(page)).toEqual([]);

  await showShare(page, 2000, 0.6);
  await page.waitForTimeout(1500);
  expect(await impressed(page)).toEqual(['dj-1']);
  const [event] = await events(page, 'view_item_list');
  expect(event!.item_list_id).toBe('fixture');
  expect(event!.items![0]).toMatchObject({ item_id: 'dj-1', index: 0 });

  // Once per item per page view: away and back again adds nothing.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await showShare(page, 2000, 1);
  await page.waitForTimeout(1500);
  expect(await impressed(page)).toEqual(['dj-1']);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('600 ms + 600 ms in two visits is no impression; 900 ms is none either', async () => {
  const page = await openFixture();
  await showShare(page, 4000, 1);
  await page.waitForTimeout(600);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await showShare(page, 4000, 1);
  await page.waitForTimeout(600);
  await page.evaluate(() => window.scrollTo(0, 0));
  await showShare(page, 6000, 1);
  await page.waitForTimeout(900);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1200);
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
  await page.waitForTimeout(100);
  const views = await events(page, 'page_view');
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
  await page.waitForTimeout(100);
  expect((await events(page, 'search'))[0]).toMatchObject({ search_term: 'red shoes' });
  expect((await events(page, 'add_to_wishlist'))[0]!.items![0]).toMatchObject({ item_id: 'dj-9', quantity: 1 });
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
  await page.waitForTimeout(100);
  const names = (await events(page)).map((e) => e.name).filter((n) => n !== 'page_view' && n !== 'stage_change');
  expect(names).toEqual(['view_item', 'add_to_cart', 'purchase']);
  expect((await events(page, 'view_item'))[0]!.items![0]).toMatchObject({ item_id: 'dj-1', item_category: 'Beauty' });
  await page.close();
});
