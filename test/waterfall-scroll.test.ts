// Acceptance: infinite scroll without repeats, zero layout shift, and "not interested" that sticks.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pageErrors, scrollWaterfallToEnd, watchErrors, waterfallIds } from './support/browser.ts';
import { demoCatalog } from './support/demo.ts';
import { useDemoInChromium } from './support/setup.ts';
import { events, recordEvents, storedProfile, waitForEvents } from './support/events.ts';

const env = useDemoInChromium();

const CATALOG_SIZE = demoCatalog().length;

/** Sums layout shifts not caused by input, from the page's start (buffered). */
async function watchLayoutShift(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    w.__cls = 0;
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
        if (entry.hadRecentInput) continue;
        w.__cls += entry.value;
        w.__shifts.push(entry.sources?.map((s) => (s.node as Element | undefined)?.className ?? s.node?.nodeName).join(',') ?? '');
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}


test('scrolling loads further pages with no repeated item and no layout shift', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await watchErrors(page);
  await watchLayoutShift(page);
  await page.goto(`${env.server.url}/`);
  await page.locator('.ss-card').nth(11).waitFor();
  const shown = await page.locator('.ss-card').evaluateAll((cards) => Math.max(...cards.map((c) => Number(c.getAttribute('data-index')))) + 1);
  expect(shown, 'only what is near the viewport loads before scrolling').toBeLessThanOrEqual(36);
  await page.mouse.move(600, 500);
  const { ids, mostInPage } = await scrollWaterfallToEnd(page);
  expect(ids.length).toBe(CATALOG_SIZE);
  expect(new Set(ids).size).toBe(ids.length);
  // Only the cards near the viewport are in the page, however far the feed runs.
  expect(mostInPage).toBeLessThan(CATALOG_SIZE / 2);
  const { cls, shifts } = await page.evaluate(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    return { cls: w.__cls, shifts: w.__shifts };
  });
  expect(cls, `shifted: ${shifts.join(' | ')}`).toBe(0);
  // Every card's box matched its image's aspect ratio before the image loaded.
  const mismatched = await page.locator('.ss-card img').evaluateAll((imgs) =>
    (imgs as HTMLImageElement[]).filter((img) => {
      const box = img.parentElement!.getBoundingClientRect();
      return Math.abs(box.height / box.width - Number(img.getAttribute('height')) / Number(img.getAttribute('width'))) > 0.02;
    }).length,
  );
  expect(mismatched).toBe(0);
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
});

test('"not interested" removes the card, records dislike_item, and the item never comes back', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await watchErrors(page);
  await recordEvents(page);
  await page.goto(`${env.server.url}/`);
  await page.locator('.ss-card').nth(11).waitFor();
  const [victim, next] = await waterfallIds(page);
  const card = page.locator(`.ss-card[data-item-id="${victim}"]`);
  const title = await card.locator('.ss-title').textContent();
  await page.getByRole('button', { name: `Not interested in ${title}` }).click();
  await card.waitFor({ state: 'detached' });
  const [dislike] = await waitForEvents(page, 'dislike_item');
  expect(dislike!.items![0]).toMatchObject({ item_id: victim, index: 0 });
  expect(dislike!.item_list_id).toBe('guess-you-like');
  // Keyboard users stay in the feed: focus moved to the next card.
  const focused = await page.evaluate(
    () => document.querySelector('[data-shopscene="guess-you-like"]')!.shadowRoot!.activeElement?.closest('.ss-card')?.getAttribute('data-item-id'),
  );
  expect(focused).toBe(next);
  await expect.poll(async () => (await storedProfile(page))?.dislikes.map((d) => d.id), { timeout: 30_000 }).toEqual([victim]);

  await page.reload();
  await page.locator('.ss-card').nth(11).waitFor();
  await page.mouse.move(600, 500);
  const { ids } = await scrollWaterfallToEnd(page);
  expect(ids).not.toContain(victim);
  expect(ids.length).toBe(CATALOG_SIZE - 1);
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
});

test('card impressions: only cards at least half in view for a second, once each, with list and index', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await recordEvents(page);
  await page.goto(`${env.server.url}/`);
  await page.locator('.ss-card').nth(11).waitFor();
  const inView = () =>
    page.locator('[data-shopscene="guess-you-like"] .ss-card').evaluateAll((cards) =>
      cards
        .filter((c) => {
          const r = c.getBoundingClientRect();
          const visible = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
          return visible / r.height >= 0.5;
        })
        .map((c) => c.getAttribute('data-item-id')!),
    );
  const impressed = async () =>
    (await events(page, 'view_item_list')).filter((e) => e.item_list_id === 'guess-you-like').flatMap((e) => e.items!.map((i) => i.item_id));
  const expected = (await inView()).sort();
  expect(expected.length).toBeGreaterThan(0);
  // The cards in view get their impressions (a second after they showed, then batched): wait for them.
  await expect.poll(async () => (await impressed()).sort(), { timeout: 30_000 }).toEqual(expected);
  const [first] = (await events(page, 'view_item_list')).filter((e) => e.item_list_id === 'guess-you-like');
  expect(first!.items![0]).toMatchObject({ item_list_id: 'guess-you-like' });
  expect(typeof first!.items![0]!.index).toBe('number');
  // Away and back: once each per page view.
  await page.mouse.move(600, 500);
  await page.mouse.wheel(0, 1200);
  await page.mouse.wheel(0, -1200);
  await expect.poll(async () => (await impressed()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(expected.length);
  const again = await impressed();
  expect(new Set(again).size).toBe(again.length);
  await context.close();
});
