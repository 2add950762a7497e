// The demo's REST mode: the inspector's switch points the script tag at /api, where the demo server
// passes requests to the shopscene server (embedded database, the same catalog and scenes);
// recommendations, scenes and events go there, and the events are stored.
import { expect, test } from 'vitest';
import type { Frame } from 'playwright-core';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';
import { until } from './support/shop.ts';

const env = useDemoInChromium();

test('switching the demo to REST sends recommendations, scenes and events to /api; switching back restores the static catalog', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await watchErrors(page);
  const api: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) api.push(`${r.method()} ${path}`);
  });
  await page.goto(`${env.server.url}/`);
  await page.locator('.ss-card').first().waitFor();
  expect(api).toEqual([]); // static by default

  // The switch, as a visitor uses it: the inspector's Backend select, then the page reloads.
  await page.locator('#profile-panel summary').click();
  await Promise.all([page.waitForEvent('load'), page.locator('#backend').selectOption('rest')]);
  await page.locator('[data-shopscene="guess-you-like"] .ss-card').nth(5).waitFor();
  expect(await page.locator('script[src="/shopscene.js"]').getAttribute('data-api')).toBe('/api');
  expect(api).toContain('POST /api/v1/recommendations');
  expect(api).toContain('GET /api/v1/scenes');
  // Events go through the outbox to POST /api/v1/events.
  await page.evaluate(async () => {
    const sdk = (window as unknown as { shopscene: { track(e: unknown): Promise<unknown>; flush(): Promise<void> } }).shopscene;
    await sdk.track({ name: 'add_to_wishlist', items: [{ item_id: 'demo-rest-check' }] });
    await sdk.flush();
  });
  const names = async () => (await env.server.backend.events()).map((e) => e.name);
  await until(async () => (await names()).includes('add_to_wishlist'), 'the event stored by the shopscene server');
  expect(await names()).toContain('page_view');
  // The page's own record too (it takes in the answer a moment after the server stored the events).
  const delivered = () => page.evaluate(() => (window as unknown as { shopscene: { diagnostics(): { delivery: { delivered: number } | null } } }).shopscene.diagnostics().delivery?.delivered ?? 0);
  await until(async () => (await delivered()) > 0, 'the page to record its delivery');
  await expect.poll(() => page.locator('#delivery').textContent()).toMatch(/delivered/);

  // The festival venue takes its floors from GET /api/v1/scenes too.
  await page.goto(`${env.server.url}/festival.html?scene=spring-festival-2027&shopscene-preview-time=2027-02-01T20%3A00%2B08%3A00`);
  await page.locator('[data-shopscene="festival-floors"] .ss-floor .ss-fcard').first().waitFor();

  await page.goto(`${env.server.url}/`);
  await page.locator('#profile-panel summary').click();
  // Only the reloaded page counts: the REST page may still ask for a page of cards until it is gone.
  const fromHere = (frame: Frame) => void (frame === page.mainFrame() && (api.length = 0));
  page.on('framenavigated', fromHere);
  await Promise.all([page.waitForEvent('load'), page.locator('#backend').selectOption('static')]);
  page.off('framenavigated', fromHere);
  await page.locator('.ss-card').first().waitFor();
  expect(await page.locator('script[src="/shopscene.js"]').getAttribute('data-api')).toBeNull();
  expect(api.filter((r) => r.includes('recommendations'))).toEqual([]);
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
});
