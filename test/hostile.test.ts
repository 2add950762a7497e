// Bad input and a strict page never break the host: hostile catalog entries, a strict CSP.
import { expect, test } from 'vitest';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';

const env = useDemoInChromium();

const good = (id: string, extra: object = {}) => ({
  id,
  title: `Product ${id}`,
  url: `/product.html?id=${id}`,
  price: 10,
  currency: 'USD',
  categories: ['Test'],
  image: { url: `/generated/img/dj-1.svg`, width: 600, height: 600 },
  popularity: 1,
  ...extra,
});

test('a hostile catalog: script in a title stays text, bad entries are skipped by name, the rest shows', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  const catalog = [
    good('ok-1'),
    good('xss', { title: '<img src=x onerror="window.__pwned=1">Tea' }),
    good('js-url', { url: 'javascript:window.__pwned=2' }),
    good('negative', { price: -5 }),
    good('no-size', { image: { url: '/x.jpg' } }),
    good('protocol-relative', { url: '//evil.example/p' }),
    good('backslash', { url: '/\\evil.example/p' }),
    good('dotted-scheme', { image: { url: 'x.javascript:alert(1)', width: 600, height: 600 } }),
    good('ok-2'),
  ];
  await page.route(`${env.server.url}/hostile.json`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(catalog) }));
  await page.route(`${env.server.url}/hostile.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><script src="/shopscene.js" data-catalog="/hostile.json"></script><div data-shopscene="guess-you-like"></div>` }),
  );
  await page.goto(`${env.server.url}/hostile.html`);
  await page.locator('.ss-card').nth(2).waitFor();
  expect((await page.locator('.ss-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-item-id')))).sort()).toEqual(['ok-1', 'ok-2', 'xss']);
  expect(await page.locator('.ss-card[data-item-id="xss"] .ss-title').textContent()).toBe('<img src=x onerror="window.__pwned=1">Tea');
  // Text, not markup: no element was made from it (so nothing can load and fire onerror later).
  expect(await page.locator('.ss-card[data-item-id="xss"] .ss-title *').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  const { errors, warnings } = await pageErrors(page);
  expect(errors).toEqual([]);
  expect(warnings.join('\n')).toMatch(/\[2\] skipped: url: must be an http\(s\) URL or a path on this site/);
  expect(warnings.join('\n')).toMatch(/\[3\] skipped: price: must not be negative/);
  expect(warnings.join('\n')).toMatch(/\[4\] skipped: image\.width: required/);
  expect(warnings.join('\n')).toMatch(/\[5\] skipped: url: must be an http\(s\) URL/);
  expect(warnings.join('\n')).toMatch(/\[6\] skipped: url: must be an http\(s\) URL/);
  expect(warnings.join('\n')).toMatch(/\[7\] skipped: image\.url: must be an http\(s\) URL/);
  await page.close();
});

test('under a strict Content Security Policy everything works and nothing is refused', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await watchErrors(page);
  await page.route(`${env.server.url}/strict.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'" },
      body: `<!doctype html><title>strict</title><script src="/shopscene.js" data-catalog="/generated/catalog.json" data-scenes="/generated/scenes.json?"></script>
        <div data-shopscene="guess-you-like"></div><a data-shopscene-item="dj-1" href="#">tile</a>`,
    }),
  );
  await page.goto(`${env.server.url}/strict.html`);
  await page.locator('.ss-card').nth(5).waitFor();
  // Our styles applied: cards are positioned by the waterfall's stylesheet.
  expect(await page.locator('.ss-card').first().evaluate((c) => getComputedStyle(c).position)).toBe('absolute');
  // Every request the page made has settled: a refused one would have been reported by now.
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});
