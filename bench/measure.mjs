// Scrolls 10,000 products to the end in our waterfall, masonic and virtua, side by side in one
// Chromium, and times the first card with the CPU slowed 4×. Used by scripts/bench.mjs; run
// bench/build.mjs first (pnpm bench does).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.map': 'application/json' };

/** bench/dist on loopback, with the script tag's folder at /embed/. */
export async function serveBench(embedDir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [root, rest] = path.startsWith('/embed/') ? [embedDir, path.slice(7)] : [join(here, 'dist'), path];
    const file = normalize(join(root, rest));
    if (!file.startsWith(root) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

/** The three pages, by name. */
export const PAGES = { shopscene: '/shopscene.html', masonic: '/masonic.html', virtua: '/virtua.html' };

/** Every card id in the page, our shadow root included. */
const CARD_IDS = () => {
  const ids = [];
  const scan = (root) => {
    for (const el of root.querySelectorAll('[data-item-id]')) ids.push(el.getAttribute('data-item-id'));
    for (const host of root.querySelectorAll('[data-shopscene]')) if (host.shadowRoot) scan(host.shadowRoot);
  };
  scan(document);
  return ids;
};

/**
 * One run: the page loads, then scrolls down at a steady `speed` (px/s, from a frame loop in the
 * page, as a fling would) until it reaches the last of `total` cards or `limitMs` passes. Frame
 * times, long tasks and layout shifts are recorded from the page's own observers.
 */
export async function scrollRun(browser, url, { total = 10_000, speed = 10_000, limitMs = 150_000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window;
    w.__bench = { frames: [], long: [], cls: 0, seen: new Set(), scrolling: false };
    new PerformanceObserver((l) => w.__bench.scrolling && w.__bench.long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (!e.hadRecentInput) w.__bench.cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() !== 'log' && problems.push(message.text()));
  await page.goto(url);
  await page.waitForFunction(`(${CARD_IDS})().length > 0`, undefined, { timeout: 60_000 }).catch((error) => {
    throw new Error(`${url}: no card after 60 s (${problems.join('; ') || error.message})`);
  });
  let stalled;
  const deadline = new Promise((_, reject) => (stalled = setTimeout(() => reject(new Error(`${url}: the page stopped answering during the scroll`)), limitMs + 60_000)));
  const result = await Promise.race([deadline, page.evaluate(
    async ({ total, speed, limitMs, cardIds }) => {
      const ids = new Function(`return (${cardIds})()`);
      const b = window.__bench;
      b.scrolling = true;
      const start = performance.now();
      let last = start;
      let lastCollect = 0;
      await new Promise((resolve) => {
        // If frames stop coming (a page that hangs, or a browser that stops drawing it), the run still ends.
        setTimeout(resolve, limitMs + 10_000);
        const frame = (now) => {
          b.frames.push(now - last);
          scrollBy(0, (speed * (now - last)) / 1000);
          last = now;
          if (now - lastCollect > 100) {
            lastCollect = now;
            for (const id of ids()) b.seen.add(id);
          }
          const atEnd = scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
          if ((atEnd && b.seen.size >= total) || now - start > limitMs) return resolve();
          requestAnimationFrame(frame);
        };
        requestAnimationFrame((now) => ((last = now), requestAnimationFrame(frame)));
      });
      for (const id of ids()) b.seen.add(id);
      b.scrolling = false;
      const frames = b.frames.slice(1).sort((x, y) => x - y);
      let elements = document.getElementsByTagName('*').length;
      for (const host of document.querySelectorAll('[data-shopscene]')) elements += host.shadowRoot?.querySelectorAll('*').length ?? 0;
      return {
        seconds: (performance.now() - start) / 1000,
        p95: frames[Math.floor(frames.length * 0.95)] ?? 0,
        median: frames[Math.floor(frames.length / 2)] ?? 0,
        longTasks: b.long.length,
        longestTask: Math.max(0, ...b.long),
        longTotal: b.long.reduce((x, y) => x + y, 0),
        reachable: b.seen.size,
        elements,
        cls: b.cls,
      };
    },
    { total, speed, limitMs, cardIds: CARD_IDS.toString() },
  )]).finally(() => clearTimeout(stalled));
  await context.close();
  return result;
}

/** The console line a page's init script writes when its first card is drawn. */
const FIRST_CARD = '__shopscene_bench_first_card ';

/**
 * Time from navigation start to the first card drawn, with the CPU slowed `rate`× (a mid-range phone).
 * The page says when, in a console line from its init script: the harness injects nothing while the page
 * loads (Playwright's waitForFunction or evaluate would evaluate its own injected script in the page,
 * ~40 ms of main thread at 4×, landing wherever the page happens to be in its load).
 */
export async function firstCard(browser, url, rate = 4) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.addInitScript(`(() => {
    const ids = ${CARD_IDS};
    const look = () => (ids().length ? console.debug(${JSON.stringify(FIRST_CARD)} + performance.now()) : requestAnimationFrame(look));
    requestAnimationFrame(look);
  })()`);
  const said = page.waitForEvent('console', { predicate: (message) => message.text().startsWith(FIRST_CARD), timeout: 120_000 });
  await page.goto(url);
  const ms = Number((await said).text().slice(FIRST_CARD.length));
  await context.close();
  return ms;
}
