// Acceptance: a shopper's behaviour on the script-tag demo visibly changes the waterfall after a reload.
import { expect, test } from 'vitest';
import { pageErrors, watchErrors, waterfallIds } from './support/browser.ts';
import { demoCatalog } from './support/demo.ts';
import { useDemoInChromium } from './support/setup.ts';
import { recordEvents, storedProfile, waitForEvents } from './support/events.ts';

const env = useDemoInChromium();

const catalog = demoCatalog();
const byId = new Map(catalog.map((p) => [p.id, p]));

test('a new shopper sees popular items; after viewing three groceries and carting one, groceries lead the waterfall', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await watchErrors(page);
  await recordEvents(page);

  await page.goto(`${env.server.url}/`);
  await page.locator('.ss-card').nth(9).waitFor();
  const fresh = (await waterfallIds(page)).slice(0, 10);
  const popularRank = [...catalog].sort((a, b) => b.popularity - a.popularity).map((p) => p.id);
  for (const id of fresh) expect(popularRank.indexOf(id), `${id} should be among the 40 most popular`).toBeLessThan(40);
  const reasons = await page.locator('.ss-card .ss-reason').evaluateAll((els) => els.slice(0, 10).map((e) => e.textContent));
  expect(new Set(reasons)).toEqual(new Set(['Popular right now']));

  const groceries = catalog.filter((p) => p.categories[1] === 'Groceries').slice(0, 3);
  for (const [i, product] of groceries.entries()) {
    await page.goto(`${env.server.url}/product.html?id=${product.id}`);
    const views = await waitForEvents(page, 'view_item');
    expect(views[0]!.items![0]).toMatchObject({ item_id: product.id, item_category: 'Food & Drink', item_category2: 'Groceries' });
    if (i === 2) {
      await page.getByRole('button', { name: 'Add to cart' }).click();
      const carts = await waitForEvents(page, 'add_to_cart');
      expect(carts[0]!.items![0]!.item_id).toBe(product.id);
    }
  }

  await page.goto(`${env.server.url}/`);
  await page.reload();
  await page.locator('.ss-card').nth(9).waitFor();
  const learned = (await waterfallIds(page)).slice(0, 10);
  const fromGroceries = learned.filter((id) => byId.get(id)!.categories[1] === 'Groceries');
  expect(fromGroceries.length, `first 10 after learning: ${learned.join(', ')}`).toBeGreaterThanOrEqual(6);
  const firstReason = await page.locator('.ss-card .ss-reason').first().textContent();
  // Why, truthfully: a reminder of a grocery just viewed (the item a shopper is about to reopen), one of
  // them named, or what shoppers who viewed one went on to.
  if (firstReason === 'You looked at this recently') expect(groceries.map((g) => g.id)).toContain(learned[0]);
  else expect(firstReason).toMatch(new RegExp(`^(Because you like |Because you viewed |Shoppers who viewed )(${groceries.map((g) => g.title).join('|')}|Groceries)`));

  // The profile came back from IndexedDB, not from memory.
  const stored = await storedProfile(page);
  expect(stored!.viewed.map((v) => v.id)).toEqual(expect.arrayContaining(groceries.map((g) => g.id)));
  expect(stored!.carted.map((c) => c.id)).toEqual([groceries[2]!.id]);
  const live = await page.evaluate(() => {
    const sdk = (window as unknown as { shopscene: { diagnostics(): { storage: string }; profile: { value: { viewed: { id: string }[] } } } }).shopscene;
    return { storage: sdk.diagnostics().storage, viewed: sdk.profile.value.viewed.map((v) => v.id) };
  });
  expect(live.storage).toBe('indexeddb');
  expect(live.viewed).toEqual(expect.arrayContaining(groceries.map((g) => g.id)));
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
});
