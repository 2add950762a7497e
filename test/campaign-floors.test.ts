// Acceptance (#12): group buying, live-stream entries and share attribution in the demo venue, in real
// Chromium — drawn, themed, by keyboard, in English and Chinese — and a shared link opened by someone
// else (a new browser context) records who referred the visit.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';
import { events, recordEvents, waitForEvents } from './support/events.ts';

const env = useDemoInChromium();

const VENUE = '[data-shopscene="festival-floors"]';
const HARVEST = '2027-02-01T20:00+08:00';
const venueUrl = (time = HARVEST) => `${env.server.url}/festival.html?scene=spring-festival-2027&shopscene-preview-time=${encodeURIComponent(time)}`;

/** Focus inside the venue's shadow root: what the element says, and its class. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelector('[data-shopscene="festival-floors"]')!.shadowRoot!.activeElement as HTMLElement | null;
    return { text: active?.textContent ?? '', label: active?.getAttribute('aria-label') ?? '', tile: active?.closest<HTMLElement>('.ss-fcard')?.dataset.itemId ?? '' };
  });

test('group buying: group price, group size, who joined and time left; "Start a group" by keyboard, granted by the store', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  await recordEvents(page);
  await page.goto(venueUrl());
  const floor = page.locator(`${VENUE} .ss-floor-group-buy`);
  const cards = floor.locator('.ss-group');
  await cards.first().waitFor();
  expect(await cards.count()).toBe(4);
  const first = cards.first();
  expect(await first.locator('.ss-fprice').textContent()).toMatch(/^Group price \$\d+\.\d\d \$\d+\.\d\d$/);
  expect(await first.locator('.ss-gmeta').textContent()).toBe('3-person group 0 of 3 joined');
  expect(await first.locator('progress').getAttribute('aria-label')).toBe('0 of 3 joined');
  // Groups close at 6 Feb 00:00 in Beijing: 4 days and 4 hours after the preview's 1 Feb 20:00 (its clock runs on).
  expect(await first.locator('.ss-gtime').textContent()).toMatch(/^Closes in 4d 0[34]:[0-5]\d:[0-5]\d$/);
  // The theme reaches the cards: the call to action wears the scene's primary colour.
  const primary = await first.locator('.ss-cta').evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(primary).toBe('rgb(212, 36, 28)');

  // By keyboard: the floor's list is one Tab stop; the arrows move between cards; Tab reaches the card's action.
  await first.locator('a').focus();
  const firstId = (await focused(page)).tile;
  await page.keyboard.press('ArrowRight');
  const secondId = (await focused(page)).tile;
  expect(secondId).not.toBe(firstId);
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ text: 'Start a group', tile: secondId });
  await page.keyboard.press('Enter');
  const second = cards.nth(1);
  await expect.poll(() => second.locator('.ss-cta').textContent()).toBe('✓ You are in the group');
  expect(await second.locator('.ss-gmeta').textContent()).toBe('3-person group 1 of 3 joined');
  expect(await second.locator('.ss-cta').getAttribute('aria-pressed')).toBe('true');
  const [promotion] = await waitForEvents(page, 'select_promotion');
  expect(promotion).toMatchObject({ creative_name: 'group-buy', items: [expect.objectContaining({ item_id: secondId })] });
  // The tile's share button is the next stop.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ label: expect.stringMatching(/^Share /), tile: secondId });
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('a backend’s group end beyond what a Date holds: every floor drawn, those cards show no end time, one warning names each, nothing reaches the page', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await watchErrors(page);
  // The demo in its REST mode; the backend answers the group-buy floor with a "never closes" sentinel and a nanosecond time.
  await page.addInitScript(() => localStorage.setItem('shopscene-demo-backend', 'rest'));
  const bad: string[] = [];
  await page.route('**/api/v1/recommendations?*', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { items: { id: string; group?: unknown }[] };
    if ((route.request().postDataJSON() as { placement: string }).placement === 'floor:group-buy') {
      const [first, second] = body.items;
      first!.group = { endsAt: 9007199254740991, joined: 1 };
      second!.group = { endsAt: 1e16 };
      bad.splice(0, 2, first!.id, second!.id);
    }
    await route.fulfill({ response, json: body });
  });
  // The demo's backend starts on first use (an embedded database): started before the page asks it anything.
  await env.server.backend.start();
  await page.goto(venueUrl());
  const cards = page.locator(`${VENUE} .ss-floor-group-buy .ss-group`);
  await cards.first().waitFor();
  // Every floor of the venue is drawn (none left a loading skeleton), the group-buy floor among them.
  const floors = page.locator(`${VENUE} .ss-floor`);
  await expect.poll(() => page.locator(`${VENUE} .ss-floor .ss-skeleton-row`).count()).toBe(0);
  const drawn = await floors.evaluateAll((sections) => sections.map((s) => [s.getAttribute('data-floor'), !!s.querySelector('.ss-fcard')]));
  expect(drawn.length).toBe(await page.locator(`${VENUE} .ss-elevator a`).count());
  expect(drawn.every(([, hasCards]) => hasCards)).toBe(true);
  expect(bad).toHaveLength(2);
  for (const id of bad) {
    const card = page.locator(`${VENUE} .ss-group[data-item-id="${id}"]`);
    expect(await card.locator('.ss-gtime').textContent()).toBe('');
    expect(await card.locator('time').count()).toBe(0);
    expect(await card.locator('.ss-cta').isEnabled()).toBe(true); // a group that never closes is open
  }
  // The other cards still count down to the floor's close.
  expect(await cards.nth(2).getAttribute('data-item-id')).not.toBe(bad[0]);
  expect(await cards.nth(2).locator('.ss-gtime').textContent()).toMatch(/^Closes in 4d/);
  const { errors, warnings } = await pageErrors(page);
  expect(errors).toEqual([]);
  for (const id of bad) expect(warnings.filter((w) => w.includes(`product ${id}: group.endsAt`))).toHaveLength(1);
  await context.close();
});

test('live streams: live, replay and upcoming by the schedule, each a link; the state moves on with the clock', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  await recordEvents(page);
  await page.goto(venueUrl('2027-02-01T22:29:55+08:00')); // five seconds before the dumplings stream ends
  const floor = page.locator(`${VENUE} .ss-floor-live`);
  await floor.locator('.ss-live').first().waitFor();
  const card = (id: string) => floor.locator(`.ss-live[data-stream-id="${id}"]`);
  expect(await card('tea-tasting').getAttribute('data-state')).toBe('replay');
  expect(await card('tea-tasting').locator('a').getAttribute('href')).toBe('/search.html?q=tea&replay=1');
  expect(await card('tea-tasting').locator('.ss-badge').textContent()).toBe('Replay');
  expect(await card('dumplings').locator('.ss-badge').textContent()).toBe('Live now');
  expect(await card('dumplings').locator('.ss-host').textContent()).toBe('with Chef Lin');
  expect(await card('gift-ideas').getAttribute('data-state')).toBe('upcoming');
  expect(await card('gift-ideas').locator('.ss-when').textContent()).toMatch(/^Starts Feb 3/);
  expect(await card('dumplings').locator('img').getAttribute('alt')).toBe('A table of dumplings');
  // The venue's clock runs on (a second at a time): at 22:30 the stream has ended, and it has no replay.
  await expect.poll(() => card('dumplings').getAttribute('data-state'), { timeout: 30_000 }).toBe('ended');
  expect(await card('dumplings').locator('.ss-badge').textContent()).toBe('Ended');
  // A click on a stream is a promotion click with the stream named.
  await card('gift-ideas').locator('a').evaluate((a) => a.addEventListener('click', (e) => e.preventDefault()));
  await card('gift-ideas').locator('a').focus();
  await page.keyboard.press('Enter');
  const [click] = await waitForEvents(page, 'select_promotion');
  expect(click).toMatchObject({ creative_name: 'live', promotion_id: 'spring-festival-2027:live:gift-ideas' });
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('in Chinese: the group-buy and live cards speak the page’s language', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  await page.route(`${env.server.url}/zh-venue.html*`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><title>年货节</title>
        <script src="/shopscene.js" data-catalog="/generated/catalog.json" data-scenes="/generated/scenes.json" data-preview="url" defer></script>
        <div data-shopscene="festival-floors" data-scene="spring-festival-2027"></div></html>`,
    }),
  );
  await page.goto(`${env.server.url}/zh-venue.html?shopscene-preview-time=${encodeURIComponent(HARVEST)}`);
  const group = page.locator(`${VENUE} .ss-group`).first();
  await group.waitFor();
  expect(await group.locator('.ss-gmeta').textContent()).toBe('3人团 已有 0/3 人参团');
  expect(await group.locator('.ss-cta').textContent()).toBe('发起拼团');
  expect(await group.locator('.ss-fprice small').textContent()).toBe('拼团价');
  expect(await page.locator(`${VENUE} .ss-live[data-stream-id="dumplings"] .ss-badge`).textContent()).toBe('直播中');
  expect(await page.locator(`${VENUE} .ss-live[data-stream-id="dumplings"] .ss-host`).textContent()).toBe('主播：林大厨');
  expect(await page.locator(`${VENUE} .ss-share-floor`).first().textContent()).toBe('↗ 分享');
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('sharing: the share sheet where there is one, else the clipboard; the link opened in another browser records the referral', async () => {
  // The sharer. Headless Chromium has no share sheet here: first the copy-link fallback.
  const sharer = await env.browser.newContext({ viewport: { width: 1200, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await sharer.newPage();
  await watchErrors(page);
  await recordEvents(page);
  await page.addInitScript(() => delete (Navigator.prototype as { share?: unknown }).share);
  await page.goto(venueUrl());
  const tile = page.locator(`${VENUE} .ss-floor[data-floor="gifts-for-family"] .ss-fcard`).first();
  await tile.waitFor();
  const itemId = await tile.getAttribute('data-item-id');
  await tile.locator('.ss-share').focus();
  await page.keyboard.press('Enter');
  const toast = page.locator(`${VENUE} .ss-toast`);
  await expect.poll(() => toast.textContent()).toBe('Link copied: paste it anywhere to share');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const url = new URL(link);
  expect(url.pathname).toBe('/product.html');
  expect(url.searchParams.get('id')).toBe(itemId);
  expect(Object.fromEntries([...url.searchParams].filter(([k]) => k.startsWith('utm_')))).toEqual({
    utm_source: 'shopscene',
    utm_medium: 'share',
    utm_campaign: 'spring-festival-2027',
    utm_content: itemId,
  });
  const code = url.searchParams.get('ss_ref');
  expect(code).toMatch(/^[0-9a-z]{14}$/);
  const [share] = await waitForEvents(page, 'share');
  expect(share).toMatchObject({ method: 'copy_link', content_type: 'product', referral: code, items: [expect.objectContaining({ item_id: itemId })] });

  // Where the device has a share sheet, it is used (here a stand-in for the browser's own).
  await page.evaluate(() => {
    const w = window as unknown as { __shared: ShareData[] };
    w.__shared = [];
    (Navigator.prototype as { share?: unknown }).share = async (data: ShareData) => void w.__shared.push(data);
  });
  const floorShare = page.locator(`${VENUE} .ss-floor[data-floor="gifts-for-family"] .ss-share-floor`);
  await floorShare.click();
  await expect.poll(() => toast.textContent()).toBe('Shared — thank you!');
  const [sheet] = await page.evaluate(() => (window as unknown as { __shared: ShareData[] }).__shared);
  expect(sheet!.title).toBe('Gifts for relatives');
  expect(new URL(sheet!.url!).hash).toBe('#ss-floor-gifts-for-family');
  expect(new URL(sheet!.url!).searchParams.get('ss_ref')).toBe(code);
  expect([...new URL(sheet!.url!).searchParams.keys()].filter((k) => k.startsWith('shopscene-preview'))).toEqual([]); // the preview stays the sharer's
  expect((await pageErrors(page)).errors).toEqual([]);

  // The friend: another browser profile opens the link.
  const friend = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const landing = await friend.newPage();
  await watchErrors(landing);
  await recordEvents(landing);
  await landing.goto(link);
  const [view] = await waitForEvents(landing, 'page_view');
  expect(view).toMatchObject({ referral: code, utm_source: 'shopscene', utm_medium: 'share', utm_campaign: 'spring-festival-2027', utm_content: itemId });
  const referrals = await landing.evaluate(async () => {
    const sdk = (window as unknown as { shopscene: { flush(): Promise<void>; exportProfile(): Promise<{ referrals?: unknown[] }> } }).shopscene;
    await sdk.flush();
    return (await sdk.exportProfile()).referrals;
  });
  expect(referrals).toEqual([expect.objectContaining({ code, source: 'shopscene', medium: 'share', campaign: 'spring-festival-2027', content: itemId })]);
  await expect.poll(() => landing.locator('#referrals').textContent()).toBe(`spring-festival-2027 · ${itemId} (from ${code})`); // the demo's inspector shows it
  // The sharer's own events never carried the friend's visit, and the friend's carry no code of their own.
  expect((await events(page, 'page_view')).some((e) => (e as { referral?: string }).referral)).toBe(false);
  expect((await pageErrors(landing)).errors).toEqual([]);
  await sharer.close();
  await friend.close();
});

test('a link to a floor (#ss-floor-<id>) lands on that floor, inside the venue’s shadow root', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  await page.goto(`${venueUrl()}#ss-floor-renew-home`);
  const heading = page.getByRole('heading', { name: 'Renew the home' });
  await expect.poll(() => heading.evaluate((h) => Math.round(h.getBoundingClientRect().top))).toBeLessThan(150);
  expect(await page.evaluate(() => scrollY)).toBeGreaterThan(900);
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});
