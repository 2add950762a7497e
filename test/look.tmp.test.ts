import { test } from 'vitest';
import { launch } from './support/browser.ts';
import { serveDemo } from './support/demo.ts';
test('look', async () => {
  const server = await serveDemo();
  const { browser, close } = await launch();
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(server.url + '/' + (process.env.P ?? ''));
  await page.waitForTimeout(2500);
  if (process.env.SCROLL) { await page.mouse.wheel(0, Number(process.env.SCROLL)); await page.waitForTimeout(1500); }
  await page.screenshot({ path: '/tmp/home.png', fullPage: !!process.env.FULL });
  console.log('cards', await page.locator('.ss-card').count());
  await close(); await server.close();
});
