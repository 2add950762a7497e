// Acceptance (#20.2): shoppers on the demo, through the script tag in its REST mode, see both versions
// of a scene's A/B test and some buy; the marketer's report page (served by the shopscene server,
// behind the store's admin token) shows both variations with the right counts, draws its charts (a
// screenshot is kept with the test results), has no serious or critical axe finding, and switches to
// Chinese.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
// @ts-expect-error: plain ESM helper shared with `pnpm demo`
import { DEMO_KEYS as KEYS, startDemoServer as start } from '../demo/scripts/serve.mjs';
import { launch, pageErrors, watchErrors } from './support/browser.ts';

const DEMO_KEYS = KEYS as { writeKey: string; adminToken: string };
const startDemoServer = start as () => Promise<{ url: string; backend: { start(): Promise<unknown> }; close(): Promise<void> }>;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DAY = 86_400_000;
const SHOPPERS = 12;

let demo: Awaited<ReturnType<typeof startDemoServer>>;
let chromium: Awaited<ReturnType<typeof launch>>;
let browser: Browser;
const adminFetch = (path: string, init: RequestInit = {}) => fetch(`${demo.url}/api${path}`, { ...init, headers: { authorization: `Bearer ${DEMO_KEYS.adminToken}`, ...init.headers } });

/** The demo's scenes, with the spring festival running now and split into two versions of its venue. */
function liveConfig(): string {
  const config = JSON.parse(readFileSync(new URL('../demo/public/generated/scenes.json', import.meta.url), 'utf8'));
  const spring = config.scenes.find((s: { id: string }) => s.id === 'spring-festival-2027');
  // Wall times in the scene's zone (Asia/Shanghai, +08:00), around now.
  const wall = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
  const now = Date.now();
  spring.schedule = { ...spring.schedule, start: wall(now - 4 * DAY), end: wall(now + 30 * DAY), phases: { growing: wall(now - 2 * DAY), harvest: wall(now + 10 * DAY), nurture: wall(now + 20 * DAY) } };
  spring.priority = 100;
  spring.variants = [
    { id: 'classic', weight: 1 },
    { id: 'bold', weight: 1, title: { en: 'Spring Festival: the big sale', 'zh-CN': '年货节大促' } },
  ];
  return JSON.stringify(config);
}

beforeAll(async () => {
  demo = await startDemoServer();
  chromium = await launch();
  browser = chromium.browser;
  await demo.backend.start();
  const put = await adminFetch('/v1/admin/scenes', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: liveConfig() });
  expect(put.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  await demo?.close();
});

/** One shopper on the festival page (REST mode); some buy. Resolves with the version they were shown and whether they bought. */
async function shop(i: number): Promise<{ variant: string; bought: boolean }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('shopscene-demo-backend', 'rest'));
  const page = await context.newPage();
  await watchErrors(page);
  await page.goto(`${demo.url}/festival.html`);
  await page.locator('[data-shopscene="festival-floors"] >> .ss-fcard').first().waitFor({ timeout: 60_000 });
  const sdk = () => page.evaluate(() => (window as unknown as { shopscene: { profile: { value: { experiments: Record<string, string> } } } }).shopscene.profile.value.experiments['spring-festival-2027']);
  await expect.poll(sdk).toMatch(/^(classic|bold)$/);
  const variant = (await sdk())!;
  const bought = i % 3 === 0;
  if (bought) {
    await page.evaluate((n) => (window as unknown as { shopscene: { track(e: object): Promise<unknown> } }).shopscene.track({ name: 'purchase', transaction_id: `R-${n}`, value: 40 + n, currency: 'USD', items: [{ item_id: 'dj-1', price: 40 + n }] }), i);
  }
  // Wait on this page's own outbox: everything it tracked is delivered.
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { shopscene: { diagnostics(): { delivery: { queued: number; delivered: number } | null } } }).shopscene.diagnostics().delivery), { timeout: 30_000 })
    .toMatchObject({ queued: 0, delivered: expect.any(Number) });
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
  return { variant, bought };
}

async function axe(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${JSON.stringify(n.target)}`));
  });
}

test('shoppers see both versions of a scene, some buy; the report page shows each version with its counts, draws its charts, passes axe and speaks Chinese', async () => {
  const shoppers: { variant: string; bought: boolean }[] = [];
  for (let i = 0; i < SHOPPERS; i++) shoppers.push(await shop(i));
  const expected = (variant: string) => ({ shoppers: shoppers.filter((s) => s.variant === variant).length, bought: shoppers.filter((s) => s.variant === variant && s.bought).length });
  expect(expected('classic').shoppers).toBeGreaterThan(0);
  expect(expected('bold').shoppers).toBeGreaterThan(0);
  const refresh = await adminFetch('/v1/admin/refresh', { method: 'POST' });
  expect(refresh.status).toBe(200);

  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addInitScript({ content: AXE });
  const page = await context.newPage();
  await watchErrors(page);
  await page.goto(`${demo.url}/api/report`);
  // Signing in with the store's admin token, by keyboard.
  await page.getByLabel('Admin token').fill(DEMO_KEYS.adminToken);
  await page.getByLabel('Admin token').press('Enter');
  await page.getByLabel('A/B test').selectOption('spring-festival-2027');
  const variations = page.getByRole('table', { name: /Each variation/ });
  await variations.waitFor();
  const rows = await variations.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
  const row = (id: string) => rows.find((r) => r[0]!.startsWith(id))!;
  for (const variant of ['classic', 'bold']) {
    const { shoppers: n, bought } = expected(variant);
    expect(row(variant)[2], variant).toBe(String(n)); // shoppers exposed
    // Conversion: those who bought, of those exposed.
    expect(row(variant)[5], variant).toBe(new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bought / n));
  }
  expect(rows[0]![0]).toBe('classic (control)');
  // The charts are drawn (SVG), each named for assistive technology.
  await expect.poll(() => page.locator('.chart svg').count()).toBeGreaterThanOrEqual(2);
  expect(await page.locator('.chart[role="img"]').first().getAttribute('aria-label')).toMatch(/Conversion by variation/);
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/report-page-experiment.png', fullPage: true });
  expect(await axe(page)).toEqual([]);

  // The other reports draw too.
  await page.getByRole('button', { name: 'Campaigns' }).click();
  await expect.poll(() => page.locator('.kpi').count()).toBeGreaterThan(5);
  expect(await page.getByRole('table', { name: /Per phase/ }).isVisible()).toBe(true);
  expect(await axe(page)).toEqual([]);
  await page.getByRole('button', { name: 'Shoppers' }).click();
  await expect.poll(() => page.locator('.chart svg').count()).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: 'test-results/report-page-shoppers.png', fullPage: true });
  expect(await axe(page)).toEqual([]);

  // In Chinese.
  await page.getByRole('button', { name: 'Switch the page to Chinese' }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  expect(await page.locator('h1').textContent()).toBe('shopscene 报表');
  await page.getByRole('button', { name: 'A/B 测试' }).click();
  await expect.poll(() => page.getByRole('table', { name: /各版本/ }).count()).toBe(1);
  await page.screenshot({ path: 'test-results/report-page-zh.png', fullPage: true });
  expect(await axe(page)).toEqual([]);
  expect((await pageErrors(page)).errors).toEqual([]);
  await context.close();
}, 300_000);
