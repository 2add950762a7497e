// Acceptance (#9): the demo catalog carries related lists built by `shopscene related`, and the
// product page shows "Shoppers also viewed" through the waterfall's own code (placement related:<id>).
import { expect, test } from 'vitest';
import { pageErrors, watchErrors } from './support/browser.ts';
import { demoCatalog } from './support/demo.ts';
import { useDemoInChromium } from './support/setup.ts';

const env = useDemoInChromium();
const catalog = demoCatalog() as (ReturnType<typeof demoCatalog>[number] & { related?: [string, number][] })[];
const byId = new Map(catalog.map((p) => [p.id, p]));
const ROW = 'shopscene-guess-you-like[placement^="related:"]';

test('every demo product has a related list naming other demo products (and itself, when it is opened again at once), strongest first', () => {
  for (const p of catalog) {
    expect(p.related?.filter(([id]) => id !== p.id).length, p.id).toBeGreaterThan(0);
    expect(p.related!.length).toBeLessThanOrEqual(20);
    for (const [id, weight] of p.related!) {
      expect(byId.has(id), `${p.id} → ${id}`).toBe(true);
      expect(weight).toBeGreaterThan(0);
      expect(weight).toBeLessThanOrEqual(1);
    }
    expect(p.related![0]![1]).toBe(1);
  }
});

for (const backend of ['static', 'rest'] as const) {
  test(`the product page shows "Shoppers also viewed": eight of the product's related items, never itself (${backend} backend)`, async () => {
    const product = catalog.find((p) => p.id === 'dj-121')!; // iPhone 5s
    const related = product.related!.map(([id]) => id).filter((id) => id !== product.id); // (its own entry: how often it is reopened)
    const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
    if (backend === 'rest') await context.addInitScript(() => localStorage.setItem('shopscene-demo-backend', 'rest'));
    const page = await context.newPage();
    await watchErrors(page);
    await page.goto(`${env.server.url}/product.html?id=${product.id}`);
    const row = page.locator(ROW);
    await expect.poll(() => row.getByRole('heading').textContent(), { timeout: 30_000 }).toBe('Shoppers also viewed');
    await row.locator('.ss-card').nth(7).waitFor();
    // Scrolled to its end, the row stays at eight: it is a row, not an endless feed.
    await row.locator('.ss-card').nth(7).scrollIntoViewIfNeeded();
    await expect.poll(() => row.locator('[role="feed"]').getAttribute('aria-busy')).toBe('false');
    const cards = await row.locator('.ss-card').evaluateAll((els) =>
      els.map((el) => ({ index: Number(el.getAttribute('data-index')), id: el.getAttribute('data-item-id'), reason: el.querySelector('.ss-reason')?.textContent })),
    );
    cards.sort((a, b) => a.index - b.index);
    const ids = cards.map((c) => c.id!);
    expect(ids).toHaveLength(8);
    expect(ids).not.toContain(product.id);
    expect(new Set(ids).size).toBe(8);
    if (backend === 'rest') {
      // Ranked by the shopscene server around the product: its strongest related item first, most of
      // the row from its related list, the rest of the same kind.
      expect(ids[0]).toBe(related[0]);
      expect(ids.filter((id) => related.includes(id)).length).toBeGreaterThanOrEqual(5);
      for (const id of ids) if (!related.includes(id)) expect(byId.get(id)!.categories, id).toEqual(product.categories);
    } else {
      // Ranked on the device: the related items lead, each saying why truthfully (shoppers went on
      // to it, or it is of the same kind as the product).
      for (const card of cards) {
        expect(related, card.id ?? undefined).toContain(card.id);
        if (card.reason === `Because you viewed ${product.title}`) expect(byId.get(card.id!)!.categories).toEqual(product.categories);
        else expect(card.reason).toBe(`Shoppers who viewed ${product.title} also viewed this`);
      }
      expect(cards.filter((c) => c.reason!.startsWith('Shoppers who viewed')).length).toBeGreaterThanOrEqual(4);
    }
    expect(await row.locator('.ss-footer').textContent()).toBe('');
    expect((await pageErrors(page)).errors).toEqual([]);
    await context.close();
  });
}
