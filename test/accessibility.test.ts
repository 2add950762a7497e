// Acceptance (#11): axe-core (WCAG 2.1 A/AA and best practice) on the demo's pages, our shadow roots
// included — home, category, product, playground, and every demo scene's venue in each of its
// phases — with no serious or critical violation; and the feed and the venue walked by keyboard.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';

const env = useDemoInChromium();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const venue = (scene: string, time: string) =>
  `/festival.html?scene=${scene}&shopscene-preview-time=${encodeURIComponent(time)}${scene.startsWith('valentines') ? '&shopscene-preview-audience=lifeStage:couple' : ''}`;
const PAGES: [string, string, string][] = [
  ['home', '/', '[data-shopscene="guess-you-like"] >> .ss-card'],
  ['category', '/category.html?c=Beauty', '[data-shopscene-item]'],
  ['product', '/product.html?id=dj-1', 'shopscene-guess-you-like >> .ss-card'],
  ['playground', '/playground.html', '.ss-venue .ss-fcard'],
  // Each demo scene in each of its phases (warm-up, growing, the big day, afterwards).
  ...(
    [
      ['spring-festival-2027', ['2027-01-10T12:00+08:00', '2027-01-25T12:00+08:00', '2027-02-02T12:00+08:00', '2027-02-10T12:00+08:00']],
      ['double-11-2026', ['2026-10-25T12:00+08:00', '2026-11-05T12:00+08:00', '2026-11-11T12:00+08:00', '2026-11-15T12:00+08:00']],
      ['valentines-2027', ['2027-02-05T12:00Z', '2027-02-13T12:00Z', '2027-02-14T23:30Z']],
    ] as const
  ).flatMap(([scene, times]) => times.map((t): [string, string, string] => [`${scene} at ${t}`, venue(scene, t), '[data-shopscene="festival-floors"] >> .ss-fcard'])),
];

/** axe's serious and critical findings on the page as it is now, one line each. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${JSON.stringify(n.target)}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`));
  });
  return violations;
}

test.each(PAGES)('axe on %s: no serious or critical violation, shadow roots included', async (_name, path, ready) => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  await page.goto(`${env.server.url}${path}`);
  await page.locator(ready).first().waitFor();
  expect(await axe(page)).toEqual([]);
  // Scrolled down, with more cards and floors drawn, it still holds.
  await page.mouse.wheel(0, 2500);
  await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  expect(await axe(page)).toEqual([]);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('axe on the loading states: the feed before its catalog, the campaign floors before their part', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  // What each loading state waits for is held back until axe has looked at it.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/generated\/catalog\.json$|\/campaign-cards-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue().catch(() => {}); // (the page may have gone on meanwhile)
  });
  await page.goto(`${env.server.url}/`);
  await page.locator('[data-shopscene="guess-you-like"] >> [role="feed"][aria-busy="true"]').waitFor({ state: 'attached' });
  expect(await axe(page)).toEqual([]);
  await page.goto(`${env.server.url}${venue('spring-festival-2027', '2027-02-10T12:00+08:00')}`);
  await page.locator('[data-shopscene="festival-floors"] >> .ss-floor-group-buy .ss-skeleton-row').waitFor();
  expect(await axe(page)).toEqual([]);
  release();
  await page.locator('[data-shopscene="festival-floors"] >> .ss-floor-group-buy .ss-fcard').first().waitFor();
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

/** Where keyboard focus is: the item id of the card holding it (or its link), inside our shadow root. */
const focusedCard = (page: Page) =>
  page.evaluate(() => {
    const scope = document.querySelector('[data-shopscene="guess-you-like"]')!.shadowRoot!;
    const active = scope.activeElement;
    const card = active?.closest('.ss-card');
    return card ? { id: card.getAttribute('data-item-id'), at: Number(card.getAttribute('aria-posinset')), self: active === card } : null;
  });

test('the feed by keyboard: one Tab stop, Page Down and Page Up move between articles, each labelled, and Tab leaves the feed', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  await page.route(`${env.server.url}/keys.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><title>keys</title><script src="/shopscene.js" data-catalog="/generated/catalog.json"></script>
<body><button id="before">before</button><div data-shopscene="guess-you-like" data-page-size="12"></div><button id="after">after</button></body></html>`,
    }),
  );
  await page.goto(`${env.server.url}/keys.html`);
  await page.locator('[data-shopscene="guess-you-like"] .ss-card').nth(5).waitFor();
  await page.locator('#before').focus();
  await page.keyboard.press('Tab');
  const first = await focusedCard(page);
  expect(first).toMatchObject({ at: 1, self: true });
  // Every article is labelled by its title.
  const unlabelled = await page.evaluate(() =>
    [...document.querySelector('[data-shopscene="guess-you-like"]')!.shadowRoot!.querySelectorAll('[role="article"], article')].filter((a) => {
      const id = a.getAttribute('aria-labelledby');
      return !id || !(a.getRootNode() as ShadowRoot).getElementById(id)?.textContent?.trim();
    }).length,
  );
  expect(unlabelled).toBe(0);
  for (let i = 2; i <= 5; i++) {
    await page.keyboard.press('PageDown');
    expect(await focusedCard(page)).toMatchObject({ at: i, self: true });
  }
  await page.keyboard.press('PageUp');
  expect(await focusedCard(page)).toMatchObject({ at: 4, self: true });
  // Inside a card: its link and its "not interested" button; then out of the feed, not through 12 cards.
  const stops: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => (document.activeElement?.id || document.activeElement?.getAttribute('data-shopscene')) ?? ''));
  }
  expect(stops).toContain('after');
  expect(stops.indexOf('after')).toBeLessThanOrEqual(2);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('the venue by keyboard: the floor list jumps to a floor, and each floor is few Tab stops, not one per product', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  await page.goto(`${env.server.url}${venue('spring-festival-2027', '2027-02-02T12:00+08:00')}`);
  await page.locator('[data-shopscene="festival-floors"] .ss-fcard').first().waitFor();
  // Count the Tab stops inside the venue, walking from just before it to just after it.
  const stops = await page.evaluate(() => {
    const host = document.querySelector('[data-shopscene="festival-floors"]')!;
    const scope = host.shadowRoot!;
    const focusable = [...scope.querySelectorAll<HTMLElement>('a[href], button, [tabindex]')].filter((e) => e.tabIndex >= 0 && !e.closest('[hidden]') && e.getClientRects().length > 0);
    return { focusable: focusable.length, products: scope.querySelectorAll('.ss-fcard').length, floors: scope.querySelectorAll('.ss-floor').length };
  });
  expect(stops.products).toBeGreaterThan(20);
  // A floor costs a handful of stops (its products one stop, its coupon, its call to action), not one per product.
  expect(stops.focusable).toBeLessThanOrEqual(stops.floors * 4 + 12);
  // The floor list: Enter on a floor's link moves focus to that floor's heading.
  const nav = page.getByRole('navigation', { name: 'Floors' });
  await nav.getByRole('link', { name: 'Renew the home' }).focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.evaluate(() => document.querySelector('[data-shopscene="festival-floors"]')!.shadowRoot!.activeElement?.textContent))
    .toBe('Renew the home');
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});
