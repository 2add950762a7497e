// Acceptance: with IndexedDB unavailable the widget works from memory and the page sees no error.
import { expect, test } from 'vitest';
import { pageErrors, watchErrors, waterfallIds } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';
import { recordEvents, waitForEvents } from './support/events.ts';
import { BREAKAGES } from './support/breakages.ts';

const env = useDemoInChromium();

for (const [name, breakIt] of Object.entries(BREAKAGES)) {
  test(`IndexedDB ${name}: the waterfall works from memory and nothing reaches window.onerror`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const pageErrorEvents: string[] = [];
    page.on('pageerror', (e) => pageErrorEvents.push(e.message));
    await page.addInitScript(breakIt);
    await watchErrors(page);
    await recordEvents(page);
    await page.goto(`${env.server.url}/`);
    await page.locator('.ss-card').nth(11).waitFor({ timeout: 15_000 });

    // It learns in memory: a dislike removes the card, and the profile shows it.
    const [victim] = await waterfallIds(page);
    await page.locator(`.ss-card[data-item-id="${victim}"] .ss-dislike`).click();
    await page.locator(`.ss-card[data-item-id="${victim}"]`).waitFor({ state: 'detached' });
    await waitForEvents(page, 'dislike_item');
    const state = await page.evaluate(() => {
      const sdk = (window as unknown as { shopscene: { diagnostics(): { storage: string }; profile: { value: { dislikes: { id: string }[] } } } }).shopscene;
      return { storage: sdk.diagnostics().storage, dislikes: sdk.profile.value.dislikes.map((d) => d.id) };
    });
    expect(state).toEqual({ storage: 'memory', dislikes: [victim] });

    const { errors, warnings } = await pageErrors(page);
    expect(errors).toEqual([]);
    expect(pageErrorEvents).toEqual([]);
    expect(warnings.filter((w) => w.includes('IndexedDB is unavailable'))).toHaveLength(1);
    await context.close();
  });
}
