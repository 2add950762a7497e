// Edges a real store reaches: a 100,000-product catalog, a 10,000-floor scene config, a 1 MB title.
// The page stays responsive (no long task over 200 ms) and the console says what was limited. A task's
// length is its main-thread CPU time from a Chromium trace: on a busy machine wall-clock time stretches
// a 70 ms task past 200 ms, which says nothing about our code.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { mainThreadTaskCpu, pageErrors, watchErrors } from './support/browser.ts';
import { useDemoInChromium } from './support/setup.ts';

const env = useDemoInChromium();
/** The longest task we allow ourselves on a page, however large the input. */
const LONGEST_MS = 200;

function catalog(n: number): string {
  const words = ['tea', 'cup', 'silk', 'lamp', 'jade', 'wool', 'brush', 'fan'];
  const items = Array.from({ length: n }, (_, i) => ({
    id: `big-${i}`,
    title: `Product ${i} ${words[i % 8]} ${words[(i * 7) % 8]} with a name long enough to be realistic`,
    url: `/product.html?id=big-${i}`,
    price: (i % 500) + 0.99,
    currency: 'USD',
    brand: `Brand ${i % 900}`,
    categories: [`Group ${i % 20}`, `Category ${i % 400}`],
    tags: [words[i % 8], words[(i * 3) % 8]],
    image: { url: '/generated/img/dj-1.svg', width: 600, height: 600 + (i % 7) * 60, alt: `Product ${i}` },
    rating: (i % 50) / 10,
    popularity: (i * 7919) % 100_000,
    inStock: i % 13 !== 0,
  }));
  return JSON.stringify(items);
}

/** A page with the script tag and the given placeholders; its JSON served from memory. */
async function open(page: Page, files: Record<string, string>, attrs: string, body: string) {
  await watchErrors(page);
  for (const [path, text] of Object.entries(files)) {
    await page.route(`${env.server.url}${path}`, (route) => route.fulfill({ contentType: 'application/json', body: text }));
  }
  await page.route(`${env.server.url}/limits.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><title>limits</title><script src="/shopscene.js" ${attrs}></script><body>${body}</body></html>` }),
  );
  await page.goto(`${env.server.url}/limits.html`);
}

/** Runs `fn` (which opens the page and waits for what it shows) and fails on any main-thread task over {@link LONGEST_MS} of CPU. */
async function withoutLongTasks(page: Page, fn: () => Promise<void>): Promise<void> {
  const tasks = await mainThreadTaskCpu(env.browser, page, fn);
  expect(tasks.length, 'the trace saw the page work').toBeGreaterThan(10);
  const long = tasks.filter((ms) => ms > LONGEST_MS);
  expect(long, `tasks over ${LONGEST_MS} ms of CPU: ${long.map((ms) => ms.toFixed(0)).join(', ')}`).toEqual([]);
}

test('a 100,000-product catalog (about 30 MB): read in slices, the most popular 20,000 kept, the page never blocked', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const text = catalog(100_000);
  expect(text.length).toBeGreaterThan(25_000_000);
  await withoutLongTasks(page, async () => {
    await open(page, { '/big.json': text }, 'data-catalog="/big.json"', '<div data-shopscene="guess-you-like"></div>');
    await page.locator('.ss-card').nth(3).waitFor({ timeout: 60_000 });
  });
  // Responsive while it worked: a click handler runs.
  expect(await page.evaluate(() => new Promise((r) => setTimeout(() => r('ok'), 0)))).toBe('ok');
  const { errors, warnings } = await pageErrors(page);
  expect(errors).toEqual([]);
  expect(warnings.join('\n')).toContain('/big.json has 100,000 products; the 20,000 most popular are kept');
  // The most popular are the ones kept: every card shown is among the top 20,000.
  const shown = await page.locator('.ss-card').evaluateAll((cards) => cards.map((c) => Number(c.getAttribute('data-item-id')!.slice(4))));
  for (const i of shown) expect((i * 7919) % 100_000).toBeGreaterThanOrEqual(100_000 - 20_000 - 1);
  await page.close();
});

function sceneConfig(floors: number, title: string) {
  return JSON.stringify({
    themes: { t: { colors: { primary: '#b3261e', background: '#ffffff', text: '#1a1a1a' } } },
    scenes: [
      {
        id: 'big',
        title,
        theme: 't',
        schedule: { start: '2020-01-01', end: '2099-01-01', timeZone: 'UTC' },
        floors: Array.from({ length: floors }, (_, i) => ({ id: `f-${i}`, title: `Floor ${i}`, source: { categories: ['Smartphones'] } })),
      },
    ],
  });
}

test('a 10,000-floor scene config is refused at once with a clear message; the rest of the page works', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const config = sceneConfig(10_000, 'Big');
  expect(config.length).toBeGreaterThan(700_000);
  await withoutLongTasks(page, async () => {
    await open(page, { '/big-scenes.json': config }, 'data-catalog="/generated/catalog.json" data-scenes="/big-scenes.json"', '<div data-shopscene="festival-floors" data-scene="big"></div><div data-shopscene="guess-you-like"></div>');
    await page.locator('[data-shopscene="guess-you-like"] .ss-card').nth(3).waitFor();
    await page.waitForFunction(() => (window as unknown as { shopscene: { diagnostics(): { scenes: string } } }).shopscene.diagnostics().scenes === 'invalid');
  });
  const { errors, warnings } = await pageErrors(page);
  expect(errors).toEqual([]);
  expect(warnings.join('\n')).toContain('scenes[0].floors: 10,000 floors; at most 50 are allowed');
  await page.close();
});

test('a 1 MB scene title is cut with a warning and never rendered whole; the venue shows', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const title = `Spring ${'好'.repeat(1_000_000)}`;
  const heading = page.locator('[data-shopscene="festival-floors"] .ss-venue-title h2');
  await withoutLongTasks(page, async () => {
    await open(page, { '/title-scenes.json': sceneConfig(3, title) }, 'data-catalog="/generated/catalog.json" data-scenes="/title-scenes.json"', '<div data-shopscene="festival-floors" data-scene="big"></div>');
    await heading.waitFor();
    await page.locator('[data-shopscene="festival-floors"] .ss-floor').nth(2).waitFor();
  });
  // The title's own text (the heading also holds the phase's name).
  expect(await heading.evaluate((h) => h.firstChild!.textContent!.length)).toBe(500);
  const { errors, warnings } = await pageErrors(page);
  expect(errors).toEqual([]);
  expect(warnings.join('\n')).toMatch(/scenes\[0\]\.title: 1,000,007 characters; cut to 500/);
  await page.close();
});
