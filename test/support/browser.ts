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

/**
 * The ids of the waterfall's cards now in the page, in feed order (Playwright's CSS locators pierce
 * our open shadow root). The waterfall keeps only the cards near the viewport in the page.
 */
export function waterfallIds(page: Page, selector = '[data-shopscene="guess-you-like"] .ss-card'): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((cards) => cards.map((c) => [Number(c.getAttribute('data-index')), c.getAttribute('data-item-id') ?? ''] as const).sort((a, b) => a[0] - b[0]).map(([, id]) => id));
}

/**
 * Scrolls like a shopper with a wheel until the waterfall says it has reached the end, and returns
 * every card seen on the way, in feed order, with the most cards the page held at once.
 */
export async function scrollWaterfallToEnd(page: Page, root = '[data-shopscene="guess-you-like"]', step = 700): Promise<{ ids: string[]; mostInPage: number }> {
  const seen = new Map<number, string>();
  let mostInPage = 0;
  for (let i = 0; i < 2000; i++) {
    const { cards, ended } = await page.evaluate((selector) => {
      const host = document.querySelector(selector)!;
      const scope = host.shadowRoot ?? host;
      return {
        cards: [...scope.querySelectorAll('.ss-card')].map((c) => [Number(c.getAttribute('data-index')), c.getAttribute('data-item-id') ?? ''] as [number, string]),
        ended: /seen everything|暂时就这么多/.test(scope.querySelector('.ss-footer')?.textContent ?? ''),
      };
    }, root);
    const before = seen.size;
    for (const [index, id] of cards) seen.set(index, id);
    mostInPage = Math.max(mostInPage, cards.length);
    // At the end, the last cards may still be below the fold: go on until nothing new shows.
    if (ended && seen.size === before && i > 0) return { ids: [...seen].sort((a, b) => a[0] - b[0]).map(([, id]) => id), mostInPage };
    await page.mouse.wheel(0, step);
    // Let the page take the scroll (a frame) before looking again.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  throw new Error('the waterfall never reached its end');
}

/**
 * Stops the page's (installed) fake clock, a moment ahead of where it is: from then on its time moves
 * only when the test runs it. Tried again if the page's time got there first (a busy machine).
 */
export async function pauseClock(page: Page): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('to the past')) throw error;
    }
  }
}

/**
 * Runs `fn` while Chromium traces the page's main thread, and returns the CPU time (ms) of each task
 * that ran on it: a task's own work, which a busy machine does not stretch the way it stretches
 * wall-clock time (a 20 ms task takes 60 ms of wall time when the CPU is shared three ways). With
 * `withoutGc`, the garbage collector's pauses inside a task (when V8 chose to collect) are taken out
 * of it, and `gc` lists the longest pauses seen.
 */
export async function mainThreadTaskCpu(browser: Browser, page: Page, fn: () => Promise<void>, options: { withoutGc?: boolean } = {}): Promise<number[] & { gc?: number[] }> {
  await browser.startTracing(page, { categories: options.withoutGc ? ['toplevel', 'v8'] : ['toplevel'] });
  try {
    await fn();
  } catch (error) {
    await browser.stopTracing();
    throw error;
  }
  type TraceEvent = { ph: string; name: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } };
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const main = new Set(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = (e: TraceEvent) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`);
  const tasks = trace.traceEvents.filter((e) => onMain(e) && /RunTask/.test(e.name));
  // The collector's own pauses (a scavenge, a mark-compact, a step of incremental marking), by thread.
  const pauses = trace.traceEvents.filter((e) => onMain(e) && ['MinorGC', 'MajorGC', 'V8.GCIncrementalMarking'].includes(e.name));
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
  const gcIn = (t: TraceEvent) => pauses.filter((g) => g.pid === t.pid && g.tid === t.tid && g.ts >= t.ts && g.ts < t.ts + (t.dur ?? 0)).reduce((sum, g) => sum + cpu(g), 0);
  // The renderer of the page is the one that worked (other renderers of the browser barely ran).
  const byThread = new Map<string, TraceEvent[]>();
  for (const t of tasks) byThread.set(`${t.pid}:${t.tid}`, [...(byThread.get(`${t.pid}:${t.tid}`) ?? []), t]);
  const busiest = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const out: number[] & { gc?: number[] } = busiest.map((t) => (options.withoutGc ? Math.max(0, cpu(t) - gcIn(t)) : cpu(t)));
  if (options.withoutGc) out.gc = pauses.map(cpu).sort((a, b) => b - a).slice(0, 5);
  return out;
}
