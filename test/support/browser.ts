import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (installed by scripts/ensure-chromium.mjs); override with CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A Chromium with a fresh profile directory of its own; `close()` removes it. `bfcache` keeps the
 * back/forward cache on (Playwright turns it off by default).
 */
export async function launch(options: { bfcache?: boolean } = {}): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/ensure-chromium.mjs`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: FLAGS,
    headless: true,
    ...(options.bfcache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
  });
  return { browser, close: () => browser.close() };
}

/** A persistent context (its IndexedDB survives a relaunch), in a temporary directory. */
export async function launchPersistent(dir = mkdtempSync(join(tmpdir(), 'shopscene-'))): Promise<{ context: BrowserContext; dir: string; close: () => Promise<void> }> {
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: { width: 1200, height: 900 } });
  return { context, dir, close: async () => (await context.close(), rmSync(dir, { recursive: true, force: true })) };
}

/**
 * Counts everything that reaches the page's own error handlers (window.onerror, unhandledrejection)
 * and every warning from us; read them with {@link pageErrors}.
 */
export async function watchErrors(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __errors: string[]; __warnings: string[] };
    w.__errors = [];
    w.__warnings = [];
    window.addEventListener('error', (e) => w.__errors.push(String(e.message)));
    window.addEventListener('unhandledrejection', (e) => w.__errors.push(`unhandled rejection: ${String(e.reason)}`));
    const warn = console.warn.bind(console);
    console.warn = (...args: unknown[]) => {
      w.__warnings.push(args.map(String).join(' '));
      warn(...args);
    };
  });
}

export function pageErrors(page: Page): Promise<{ errors: string[]; warnings: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __errors: string[]; __warnings: string[] };
    return { errors: w.__errors, warnings: w.__warnings };
  });
}

/** The ids of the waterfall's cards, in order (Playwright's CSS locators pierce our open shadow root). */
export function waterfallIds(page: Page, selector = '[data-shopscene="guess-you-like"] .ss-card'): Promise<string[]> {
  return page.locator(selector).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-item-id') ?? ''));
}
