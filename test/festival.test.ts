// Acceptance: the demo venue in real Chromium — elevator, countdown, audiences, coupons, preview — and a
// malformed scene file that breaks nothing.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';
import { events, recordEvents, storedProfile, waitForEvents } from './support/events.ts';
import { TEN_MISTAKE_PATHS, withTenMistakes } from '../packages/core/src/test-support/ten-mistakes.ts';

const env = useDemoInChromium();

const VENUE = '[data-shopscene="festival-floors"]';
function venueUrl(time: string, audience?: string) {
  return `${env.server.url}/festival.html?scene=spring-festival-2027&shopscene-preview-time=${encodeURIComponent(time)}${audience ? `&shopscene-preview-audience=${audience}` : ''}`;
}
async function openVenue(time = '2027-02-01T20:00+08:00', audience?: string): Promise<Page> {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  await recordEvents(page);
  await page.goto(venueUrl(time, audience));
  await page.locator(`${VENUE} .ss-floor .ss-fcard`).first().waitFor();
  return page;
}
/** The demo's playground, its preview drawn: the page and the editor (labelled "Scene JSON"). */
async function openPlayground(options: { acceptDownloads?: boolean } = {}) {
  const page = await env.browser.newPage({ viewport: { width: 1300, height: 900 }, ...options });
  await watchErrors(page);
  await page.goto(`${env.server.url}/playground.html`);
  const editor = page.getByLabel('Scene JSON');
  await page.locator('.ss-venue .ss-fcard').first().waitFor();
  return { page, editor };
}
/** The demo's Spring Festival file, as the playground loads it. */
const springFestival = async () => (await fetch(`${env.server.url}/scenes/spring-festival.json`)).text();
const floorIds = (page: Page) => page.locator(`${VENUE} .ss-floor`).evaluateAll((els) => els.map((e) => e.getAttribute('data-floor')));

test('the elevator jumps to a floor and highlights the floor in view', async () => {
  const page = await openVenue();
  const nav = page.getByRole('navigation', { name: 'Floors' });
  await nav.getByRole('link', { name: 'Renew the home' }).click();
  const heading = page.getByRole('heading', { name: 'Renew the home' });
  await expect.poll(() => heading.evaluate((h) => Math.round(h.getBoundingClientRect().top))).toBeLessThan(200);
  await expect.poll(() => nav.locator('[aria-current="true"]').textContent()).toBe('Renew the home');
  expect(await heading.evaluate((h) => h.getRootNode() instanceof ShadowRoot && (h.getRootNode() as ShadowRoot).activeElement === h)).toBe(true);
  // Scrolling by hand moves the highlight too.
  await page.getByRole('heading', { name: "New Year's Eve dinner" }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await expect.poll(() => nav.locator('[aria-current="true"]').textContent()).toBe("New Year's Eve dinner");
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('the countdown ticks towards the next phase boundary', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  // The page's clock stands still until the test runs it: the countdown's steps are exact.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
  await page.goto(venueUrl('2027-02-01T19:59:50+08:00'));
  // Rendering waits on animation frames, which are the clock's too: run it a frame at a time until the venue shows.
  const card = page.locator(`${VENUE} .ss-floor .ss-fcard`).first();
  while (!(await card.isVisible())) await page.clock.runFor(16);
  const timer = page.getByRole('timer');
  const left = Number((await timer.locator('time').textContent())!.match(/^00:00:(\d\d)$/)![1]);
  expect(left).toBeGreaterThan(1);
  expect(left).toBeLessThanOrEqual(10);
  await page.clock.runFor(1000);
  expect(await timer.locator('time').textContent()).toBe(`00:00:${String(left - 1).padStart(2, '0')}`);
  expect(await timer.textContent()).toMatch(/^The big day starts in/);
  expect(await timer.locator('time').getAttribute('datetime')).toBe('2027-02-01T12:00:00.000Z');
  // At the boundary the venue moves on to harvest, and the calls to action change with it.
  await page.clock.runFor(left * 1000);
  await expect.poll(() => page.locator(VENUE).locator('.ss-venue').getAttribute('data-phase')).toBe('harvest');
  await expect.poll(() => page.locator(`${VENUE} .ss-cta`).first().textContent()).toBe('Buy now');
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('a floor with an audience rule appears only for a matching shopper', async () => {
  const adult = await openVenue('2027-02-01T20:00+08:00', 'ageBand:35-44');
  expect(await floorIds(adult)).toContain('shopping-guide');
  await adult.close();
  const teen = await openVenue('2027-02-01T20:00+08:00', 'ageBand:under-18');
  expect(await floorIds(teen)).not.toContain('shopping-guide');
  expect(await teen.locator('.ss-preview').textContent()).toContain('ageBand=under-18');
  await teen.close();
});

test('a coupon click records select_promotion and shows the claim; floors in view record view_promotion', async () => {
  const page = await openVenue();
  const coupon = page.getByRole('button', { name: /Get coupon: \$20 off \$199/ });
  await coupon.click();
  const [promotion] = await waitForEvents(page, 'select_promotion');
  expect(promotion).toMatchObject({ promotion_id: 'cny-groceries-20', creative_slot: 'new-year-goods' });
  await expect.poll(() => page.getByRole('button', { name: /Claimed/ }).count()).toBe(1);
  await page.locator(`${VENUE} [data-floor="new-year-goods"]`).evaluate((floor) => floor.scrollIntoView());
  const views = await waitForEvents(page, 'view_promotion');
  expect(views.map((v) => (v as { creative_slot?: string }).creative_slot)).toContain('new-year-goods');
  expect(new Set(views.map((v) => (v as { creative_slot?: string }).creative_slot)).size).toBe(views.length);
  await page.close();
});

test('preview at a future date shows that phase’s calls to action and never touches the stored profile', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await recordEvents(page);
  // A stored profile to protect: a page with the script tag alone views a product and writes it all
  // (the second flush covers what the first one's events set off, such as stage changes). A page
  // without the SDK then reads what is stored, before and after the previews.
  await page.route(`${env.server.url}/seed.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title><script src="/shopscene.js" data-catalog="/generated/catalog.json"></script>' }),
  );
  await page.route(`${env.server.url}/blank.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  // "Buy now" goes to the product, a real page that records the visit as it should: here it is a page
  // without the SDK, so that what is checked is the preview alone.
  await page.route(`${env.server.url}/product.html*`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>product</title>' }));
  await page.goto(`${env.server.url}/seed.html`);
  await page.waitForFunction(() => !Array.isArray((window as unknown as { shopscene: unknown }).shopscene));
  await page.evaluate(async () => {
    const sdk = (window as unknown as { shopscene: { track(e: object): Promise<unknown>; flush(): Promise<void> } }).shopscene;
    await sdk.track({ name: 'view_item', items: [{ item_id: 'dj-1', item_brand: 'Essence', item_category: 'Beauty' }] });
    await sdk.flush();
    await sdk.flush();
  });
  await page.goto(`${env.server.url}/blank.html`);
  const before = await storedProfile(page);
  expect(before!.viewed.map((v) => v.id)).toEqual(['dj-1']);

  for (const [time, phase, cta] of [
    ['2027-01-10T12:00+08:00', 'seeding', 'Remind me'],
    ['2027-01-25T12:00+08:00', 'growing', 'Add to wishlist'],
    ['2027-02-03T12:00+08:00', 'harvest', 'Buy now'],
    ['2027-02-10T12:00+08:00', 'nurture', 'Buy again'],
  ] as const) {
    await page.goto(venueUrl(time));
    await page.locator(`${VENUE} .ss-cta`).first().waitFor();
    expect(await page.locator(`${VENUE} .ss-venue`).getAttribute('data-phase')).toBe(phase);
    expect(await page.locator(`${VENUE} .ss-cta`).first().textContent()).toBe(cta);
    await expect.poll(() => page.locator('.ss-preview').textContent()).toMatch(/^Preview · .* — nothing is saved$/);
    await page.locator(`${VENUE} .ss-cta`).first().click(); // records in memory only
  }
  await page.goto(`${env.server.url}/blank.html`); // a preview page that goes writes nothing either
  expect(await storedProfile(page)).toEqual(before);
  await context.close();
});

test('a malformed scene file on a merchant page breaks nothing, and the console names the path', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  await watchErrors(page);
  const broken = { themes: { red: { colors: { primary: '#f00', background: '#fff', text: '#000' } } }, scenes: [{ id: 'x', title: 'X', theme: 'red', schedule: { start: '2027-01-15', end: '2027-01-10', timeZone: 'Asia/Shanghai' }, floors: [{ id: 'a', title: 'A', source: { categories: ['Groceries'] } }] }] };
  await page.route(`${env.server.url}/broken-scenes.json`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(broken) }));
  await page.route(`${env.server.url}/merchant.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>merchant</title><script src="/shopscene.js" data-catalog="/generated/catalog.json" data-scenes="/broken-scenes.json" defer></script>
        <h1>Our shop</h1><div data-shopscene="festival-floors" data-scene="x"></div><div data-shopscene="guess-you-like"></div>`,
    }),
  );
  await page.goto(`${env.server.url}/merchant.html`);
  await page.locator('[data-shopscene="guess-you-like"] .ss-card').nth(5).waitFor();
  await expect.poll(() => page.locator(`${VENUE} .ss-venue-note`).textContent()).toBe('No event is running right now.');
  const { errors, warnings } = await pageErrors(page);
  expect(errors).toEqual([]);
  expect(warnings.join('\n')).toContain('scenes[0].schedule.end: must be after start (2027-01-15)');
  expect(await page.evaluate(() => (window as unknown as { shopscene: { diagnostics(): { scenes: string } } }).shopscene.diagnostics().scenes)).toBe('invalid');
  expect(await page.getByRole('heading', { name: 'Our shop' }).isVisible()).toBe(true);
  await page.close();
});

test('the scene playground validates as the marketer types and previews the result', async () => {
  const { page, editor } = await openPlayground();
  await expect.poll(() => page.locator('#issues').textContent()).toBe('No issues: the config is valid.');

  const text = await springFestival(); // what the playground starts with
  await editor.fill(text.replace('"timeZone": "Asia/Shanghai"', '"timeZone": "Asia/Shangai"').replace('"limit": 8,', '"limt": 8,'));
  // Both mistakes at once, the typo with its correction.
  await expect.poll(() => page.locator('#issues li').allTextContents()).toEqual([
    'scenes[0].floors[0].limt: unknown field "limt": did you mean "limit"?',
    'scenes[0].schedule.timeZone: unknown IANA time zone "Asia/Shangai", e.g. "Asia/Shanghai"',
  ]);
  await editor.fill(text.replace('"timeZone": "Asia/Shanghai"', '"timeZone": "Asia/Shangai"'));
  await expect.poll(() => page.locator('#issues li').allTextContents()).toEqual(['scenes[0].schedule.timeZone: unknown IANA time zone "Asia/Shangai", e.g. "Asia/Shanghai"']);
  await page.getByLabel('Messages in').selectOption('zh');
  expect(await page.locator('#issues li').textContent()).toContain('未知的 IANA 时区');

  await editor.fill(text);
  await page.locator('#preview-age').selectOption('under-18');
  await page.locator('#preview-time').fill('2027-01-10T12:00+08:00');
  await expect.poll(() => page.locator('.ss-venue').getAttribute('data-phase')).toBe('seeding');
  const floors = await page.locator('.ss-venue .ss-floor').evaluateAll((els) => els.map((e) => e.getAttribute('data-floor')));
  expect(floors).not.toContain('shopping-guide');
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('the playground loads an example, a file or a URL, downloads what is written, and previews any trait in the scene’s own time zone', async () => {
  const { page, editor } = await openPlayground({ acceptDownloads: true });
  // An example: Valentine's Day, which is for couples and singles.
  await page.getByLabel('Start from').selectOption({ label: "Valentine's Day" });
  await expect.poll(() => editor.textContent()).toContain('"valentines-2027"');
  await page.locator('#preview-time').fill('2027-02-13T12:00Z');
  const london = new Intl.DateTimeFormat('en', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse('2027-02-13T12:00Z'));
  await expect.poll(() => page.locator('#preview-zones').textContent()).toContain(`valentines-2027: ${london} (Europe/London)`);
  await expect.poll(() => page.locator('.ss-venue').textContent()).toContain('No event is running'); // no life stage yet
  await page.getByLabel('Other traits').fill('lifeStage=couple');
  await expect.poll(() => page.locator('.ss-venue').getAttribute('data-phase')).toBe('harvest');
  // A file from the marketer's disk, and a URL.
  await page.locator('#open-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(await (await fetch(`${env.server.url}/scenes/double-11.json`)).text()) });
  await expect.poll(() => editor.textContent()).toContain('"double-11-2026"');
  await page.getByLabel('or a URL').fill(`${env.server.url}/scenes/spring-festival.json`);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect.poll(() => editor.textContent()).toContain('"spring-festival-2027"');
  await page.getByLabel('or a URL').fill(`${env.server.url}/scenes/nope.json`);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Could not load .*nope\.json: HTTP 404/);
  // Download what is in the editor, as written.
  await editor.fill((await springFestival()).replace('"priority": 10', '"priority": 11'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  const saved = await download.createReadStream().then(async (stream) => {
    let text = '';
    for await (const chunk of stream) text += chunk;
    return text;
  });
  expect(saved).toContain('"priority": 11');
  expect(download.suggestedFilename()).toBe('spring-festival.json');
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('the playground shows ten mistakes of every kind at once', async () => {
  const { page, editor } = await openPlayground();
  await editor.fill(JSON.stringify(withTenMistakes(JSON.parse(await springFestival())), null, 2));
  await expect.poll(() => page.locator('#issues li').count()).toBe(10);
  const paths = (await page.locator('#issues li').allTextContents()).map((line) => line.split(': ')[0]);
  expect(new Set(paths)).toEqual(new Set(TEN_MISTAKE_PATHS));
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});

test('the playground is a schema-driven editor: completion offers what the schema allows, hover explains a field, in English or Chinese', async () => {
  const { page, editor } = await openPlayground();
  await editor.fill('{\n  "scenes": [{ "floors": [{ "layout": "" }] }]\n}');
  // The cursor between the quotes of "layout"'s value, then Ctrl+Space: the layouts the schema allows.
  await editor.press('Control+End');
  await editor.press('ArrowUp');
  await editor.press('End');
  for (let i = 0; i < '" }] }]'.length; i++) await editor.press('ArrowLeft');
  await editor.press('Control+Space');
  const options = page.locator('.cm-tooltip-autocomplete li');
  await expect.poll(() => options.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"group-buy"'), expect.stringContaining('"live"'), expect.stringContaining('"carousel"')]));
  await page.keyboard.press('Escape');
  // Hover on a field: its title and description from the schema.
  const hoverOn = async (word: string) => {
    const box = await page.evaluate((text) => {
      const content = document.querySelector('.cm-content')!;
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + 1);
        range.setEnd(node, at + text.length - 1);
        const rect = range.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
      return null;
    }, word);
    await page.mouse.move(box!.x, box!.y);
  };
  await hoverOn('"layout"');
  const help = page.locator('.cm-schema-help');
  await expect.poll(() => help.textContent(), { timeout: 10_000 }).toContain('group-buy (group price cards: needs "group")');
  await page.mouse.move(0, 0);
  await page.getByLabel('Messages in').selectOption('zh');
  await hoverOn('"layout"');
  await expect.poll(() => help.textContent(), { timeout: 10_000 }).toContain('布局');
  expect((await pageErrors(page)).errors).toEqual([]);
  await page.close();
});
