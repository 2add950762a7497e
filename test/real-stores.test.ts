// Acceptance (#11): the widgets on store pages that are not the demo — the page's language and
// direction, the host's theme and a dark scheme, coupons nothing grants, previews a store has not
// turned on. Screenshots go to test-results/real-stores/ (kept as CI artefacts).
import { mkdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';

const env = useDemoInChromium();
const ROOT = '[data-shopscene="guess-you-like"]';
const SHOTS = 'test-results/real-stores';
mkdirSync(SHOTS, { recursive: true });

/** Twelve products in one currency, titled in the page's language. */
function catalog(currency: string, title: (i: number) => string): string {
  return JSON.stringify(
    Array.from({ length: 12 }, (_, i) => ({
      id: `r-${i}`,
      title: title(i),
      url: `/r/${i}`,
      price: 10 + i,
      currency,
      categories: ['Tea'],
      image: { url: '/generated/img/dj-1.svg', width: 600, height: 600 + (i % 3) * 100, alt: title(i) },
      popularity: 100 - i,
    })),
  );
}

/** A store page served at `path` on the demo's origin, with our script tag and a waterfall. */
async function store(page: Page, path: string, { html = '', head = '', script = '', body = catalog('USD', (i) => `Tea cup ${i}`) } = {}) {
  await watchErrors(page);
  await page.route(`${env.server.url}${path}-catalog.json`, (route) => route.fulfill({ contentType: 'application/json', body }));
  await page.route(`${env.server.url}${path}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html ${html}><head><meta charset="utf-8"><title>store</title>${head}
<script src="/shopscene.js" data-catalog="${path}-catalog.json" ${script}></script></head>
<body style="margin:0"><main style="width:1000px"><div data-shopscene="guess-you-like" data-page-size="12"></div></main></body></html>`,
    }),
  );
  await page.goto(`${env.server.url}${path}`);
  await page.locator(`${ROOT} .ss-card`).first().waitFor();
}

/** Every text and label our shadow root shows, and each card's box. */
const widgetText = (page: Page) =>
  page.evaluate((root) => {
    const scope = document.querySelector(root)!.shadowRoot!;
    const labels = [...scope.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'));
    return [scope.textContent ?? '', ...labels].join(' | ');
  }, ROOT);
const cardBoxes = (page: Page) =>
  page.evaluate(
    (root) =>
      [...document.querySelector(root)!.shadowRoot!.querySelectorAll('.ss-card')].map((c) => {
        const r = c.getBoundingClientRect();
        return { index: Number(c.getAttribute('data-index')), left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top) };
      }),
    ROOT,
  );

test('lang="zh-CN": every widget string in Chinese and prices in yuan; lang="en": English', async () => {
  const zh = await env.browser.newPage({ viewport: { width: 1000, height: 900 } });
  await store(zh, '/zh.html', { html: 'lang="zh-CN"', body: catalog('CNY', (i) => `青花瓷茶杯${i}号`) });
  await expect.poll(() => widgetText(zh)).toContain('猜你喜欢');
  const text = await widgetText(zh);
  expect(text).toContain('¥');
  expect(text).toContain('不感兴趣');
  // Nothing English left: no Latin word anywhere (titles are Chinese too; "CN¥"/"¥" are the only Latin).
  expect(text.replace(/CN¥/g, '').match(/[A-Za-z]{2,}/g)).toBeNull();
  await zh.screenshot({ path: `${SHOTS}/zh-CN.png` });
  expect((await pageErrors(zh)).errors).toEqual([]);
  await zh.close();

  const en = await env.browser.newPage({ viewport: { width: 1000, height: 900 } });
  await store(en, '/en.html', { html: 'lang="en"' });
  const english = await widgetText(en);
  expect(english).toContain('Guess you like');
  expect(english).toContain('$10.00');
  expect(english).toMatch(/Not interested in Tea cup/);
  expect(english).not.toMatch(/[\u4e00-\u9fff]/);
  await en.close();
});

test('dir="rtl" mirrors the masonry: the first card starts at the right', async () => {
  const ltr = await env.browser.newPage({ viewport: { width: 1000, height: 900 } });
  await store(ltr, '/ltr.html', { html: 'lang="en"' });
  const rtl = await env.browser.newPage({ viewport: { width: 1000, height: 900 } });
  await store(rtl, '/rtl.html', { html: 'lang="ar" dir="rtl"' });
  const [l, r] = [await cardBoxes(ltr), await cardBoxes(rtl)];
  const first = (boxes: typeof l) => boxes.find((b) => b.index === 0)!;
  const second = (boxes: typeof l) => boxes.find((b) => b.index === 1)!;
  // Left to right: 0 then 1 to its right. Mirrored: 0 at the right edge, 1 to its left, same rows.
  expect(first(l).left).toBeLessThan(second(l).left);
  expect(first(r).left).toBeGreaterThan(second(r).left);
  expect(Math.abs(first(r).right - (1000 - first(l).left))).toBeLessThanOrEqual(1);
  expect(first(r).top).toBe(first(l).top);
  await rtl.screenshot({ path: `${SHOTS}/rtl.png` });
  expect((await pageErrors(rtl)).errors).toEqual([]);
  await ltr.close();
  await rtl.close();
});

/** The computed colours of the heading, a card and its price, and the card's radius and text alignment. */
const look = (page: Page) =>
  page.evaluate((root) => {
    const scope = document.querySelector(root)!.shadowRoot!;
    const style = (selector: string) => getComputedStyle(scope.querySelector(selector)!);
    return {
      heading: style('.ss-heading').color,
      card: style('.ss-card').backgroundColor,
      radius: style('.ss-card').borderTopLeftRadius,
      price: style('.ss-price').color,
      align: style('.ss-info').textAlign,
    };
  }, ROOT);

/** Puts our custom element, as a framework app writes it, with the store's `scheme`, in place of the placeholder; its first card's background. */
async function elementCard(page: Page, scheme: 'light' | 'dark'): Promise<string> {
  await page.evaluate(([root, value]) => {
    const el = document.createElement('shopscene-guess-you-like');
    el.setAttribute('scheme', value);
    document.querySelector(root)!.replaceWith(el);
  }, [ROOT, scheme] as const);
  const card = page.locator('shopscene-guess-you-like .ss-card').first();
  await card.waitFor();
  return card.evaluate((c) => getComputedStyle(c).backgroundColor);
}

test('the host’s custom properties win, inherited alignment does not leak, and dark schemes (system or explicit) apply', async () => {
  const themed = await env.browser.newPage({ viewport: { width: 1000, height: 900 } });
  await store(themed, '/themed.html', {
    head: '<style>main { text-align: center; } [data-shopscene] { --ss-accent: rgb(0, 110, 60); --ss-text: rgb(20, 30, 40); --ss-surface: rgb(250, 245, 235); --ss-radius: 3px; }</style>',
  });
  expect(await look(themed)).toEqual({ heading: 'rgb(20, 30, 40)', card: 'rgb(250, 245, 235)', radius: '3px', price: 'rgb(0, 110, 60)', align: 'start' });
  await themed.close();

  // The shopper's system is dark: dark defaults, readable on a dark store.
  const dark = await env.browser.newPage({ viewport: { width: 1000, height: 900 }, colorScheme: 'dark' });
  await store(dark, '/dark.html', { head: '<style>body { background: #121212; }</style>' });
  const night = await look(dark);
  expect(night.heading).toBe('rgb(230, 237, 243)');
  expect(night.card).toBe('rgb(28, 33, 40)');
  await dark.screenshot({ path: `${SHOTS}/dark.png` });
  await dark.close();

  // The store chooses (scheme="…"): dark on a light system, and light on a dark one.
  const chosen = await env.browser.newPage({ viewport: { width: 1000, height: 900 } });
  await store(chosen, '/chosen.html');
  expect(await elementCard(chosen, 'dark')).toBe('rgb(28, 33, 40)');
  await chosen.close();
  const light = await env.browser.newPage({ viewport: { width: 1000, height: 900 }, colorScheme: 'dark' });
  await store(light, '/light.html', { html: 'lang="en"' });
  expect(await elementCard(light, 'light')).toBe('rgb(255, 255, 255)');
  await light.close();
});

test('the venue follows a dark theme without hard-coded white on its cards and coupons', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: 'dark' });
  await watchErrors(page);
  await page.goto(`${env.server.url}/festival.html?scene=spring-festival-2027&shopscene-preview-time=${encodeURIComponent('2027-02-01T20:00+08:00')}`);
  const card = page.locator('[data-shopscene="festival-floors"] .ss-fcard').first();
  await card.waitFor();
  const whites = await page.evaluate(() => {
    const scope = document.querySelector('[data-shopscene="festival-floors"]')!.shadowRoot!;
    return [...scope.querySelectorAll('.ss-fcard, .ss-coupon')].filter((e) => getComputedStyle(e).backgroundColor === 'rgb(255, 255, 255)').length;
  });
  expect(whites).toBe(0);
  await page.screenshot({ path: `${SHOTS}/venue-dark.png` });
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('a coupon nothing grants is not shown as claimed, and the console says why; preview parameters are ignored unless the store turned previews on', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  // The demo's venue with preview on but no onCoupon handler and no backend that grants coupons.
  await page.route(`${env.server.url}/venue.html*`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><title>venue</title><script src="/shopscene.js" data-catalog="/generated/catalog.json" data-scenes="/generated/scenes.json" data-preview="url"></script>
<body><div data-shopscene="festival-floors" data-scene="spring-festival-2027"></div></body></html>`,
    }),
  );
  await page.goto(`${env.server.url}/venue.html?shopscene-preview-time=${encodeURIComponent('2027-02-01T20:00+08:00')}`);
  const coupon = page.getByRole('button', { name: /Get coupon/ }).first();
  await coupon.waitFor();
  await coupon.click();
  await expect.poll(async () => (await pageErrors(page)).warnings.join('\n')).toMatch(/a coupon was claimed but nothing can grant it/);
  expect(await page.getByText(/Claimed/).count()).toBe(0);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();

  // The same URL on a store without data-preview: the parameters are ignored, with a console note.
  const live = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(live);
  await live.route(`${env.server.url}/live.html*`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><title>live</title><script src="/shopscene.js" data-catalog="/generated/catalog.json" data-scenes="/generated/scenes.json"></script><body></body></html>`,
    }),
  );
  await live.goto(`${env.server.url}/live.html?shopscene-preview-time=${encodeURIComponent('2027-02-01T20:00+08:00')}`);
  await live.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  const state = await live.evaluate(() => {
    const sdk = (window as unknown as { shopscene: { preview: unknown; now(): number; diagnostics(): { preview: boolean } } }).shopscene;
    return { preview: sdk.preview, diagnostics: sdk.diagnostics().preview, drift: Math.abs(sdk.now() - Date.now()) };
  });
  expect(state).toEqual({ preview: null, diagnostics: false, drift: expect.any(Number) });
  expect(state.drift).toBeLessThan(60_000); // today, not February 2027
  expect((await pageErrors(live)).warnings.join('\n')).toMatch(/preview parameters in the URL are ignored/);
  await live.close();
});
