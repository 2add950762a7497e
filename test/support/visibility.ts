import type { Page } from 'playwright-core';

/**
 * Watches every `[data-shopscene-item]` tile with an IntersectionObserver of the page's own, made
 * before our script (the thresholds our viewability observer uses). Observers are told in one task
 * per rendering update, so once the probe has seen a change, ours has too: tests then drive the
 * page's fake clock instead of sleeping.
 */
export async function probeVisibility(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __visible: Record<string, boolean> };
    w.__visible = {};
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) w.__visible[e.target.getAttribute('data-shopscene-item')!] = e.isIntersecting && e.intersectionRatio >= 0.499;
      },
      { threshold: [0, 0.5, 1] },
    );
    const watch = () => document.querySelectorAll('[data-shopscene-item]').forEach((el) => io.observe(el));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
    else watch();
  });
}

/** Scrolls to `y` and waits until the probe reports each tile of `expect` as (not) at least half visible. */
export async function scrollAndSettle(page: Page, y: number, expect: Record<string, boolean>): Promise<void> {
  await page.evaluate((scrollY) => window.scrollTo(0, scrollY), y);
  await page.waitForFunction(
    (want) => {
      const seen = (window as unknown as { __visible: Record<string, boolean> }).__visible;
      return Object.entries(want).every(([id, v]) => (seen[id] ?? false) === v);
    },
    expect,
    { polling: 20, timeout: 30_000 },
  );
}
