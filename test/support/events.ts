import type { Page } from 'playwright-core';

export interface SeenEvent {
  name: string;
  event_id: string;
  item_list_id?: string;
  items?: { item_id: string; index?: number; item_category?: string; item_category2?: string }[];
}

/** Records every event the SDK tracks on the page into window.__events (queued before the script loads). */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __events: unknown[]; shopscene?: unknown[] };
    w.__events = [];
    w.shopscene = w.shopscene || [];
    w.shopscene.push((sdk: { onEvent(cb: (e: unknown) => void): void }) => sdk.onEvent((e) => w.__events.push(e)));
  });
}

export function events(page: Page, name?: string): Promise<SeenEvent[]> {
  return page.evaluate((n) => (window as unknown as { __events: SeenEvent[] }).__events.filter((e) => !n || e.name === n), name);
}

/** Waits until at least `count` events of `name` were tracked. */
export async function waitForEvents(page: Page, name: string, count = 1, timeout = 30_000): Promise<SeenEvent[]> {
  await page.waitForFunction(
    ([n, c]) => (window as unknown as { __events?: { name: string }[] }).__events?.filter((e) => e.name === n).length! >= (c as number),
    [name, count] as const,
    { timeout },
  );
  return events(page, name);
}

/** Reads the stored profile straight from IndexedDB, the way a later page load would. */
export function storedProfile(page: Page): Promise<{ viewed: { id: string }[]; carted: { id: string }[]; dislikes: { id: string }[] } | undefined> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('shopscene');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('kv')) return resolve(undefined);
          const get = db.transaction('kv').objectStore('kv').get('profile');
          get.onsuccess = () => (db.close(), resolve(get.result));
          get.onerror = () => reject(get.error);
        };
      }),
  );
}
