import type { EventInput } from '../events/event-schema.ts';
import { guard } from '../util/warn.ts';
import { readItem } from './read-item.ts';
import { createViewabilityObserver } from './viewability.ts';

type Track = (event: Record<string, unknown>) => unknown;

const TILE = '[data-shopscene-item]';
const PAGE_ITEM = '[data-shopscene-page-item]';
const ACTION = '[data-shopscene-action]';
const SEARCH_FORM = 'form[data-shopscene-search]';
/** Impressions that become viewable within this window go out as one view_item_list event. */
const IMPRESSION_BATCH_MS = 300;

function listOf(tile: Element): { id: string; name?: string; root: ParentNode } {
  const list = tile.closest('[data-shopscene-list]');
  const id = list?.getAttribute('data-shopscene-list') || location.pathname;
  const name = list?.getAttribute('data-shopscene-list-name') ?? undefined;
  return { id, ...(name ? { name } : {}), root: list ?? tile.ownerDocument };
}

function indexOf(tile: Element, root: ParentNode): number {
  return Array.prototype.indexOf.call(root.querySelectorAll(TILE), tile);
}

function pageKey(): string {
  return location.pathname + location.search;
}

/**
 * Tracks what a shopper does from the store's own markup: `page_view` on load and on SPA navigation,
 * `view_item` for a product page marker, `view_item_list` impressions and `select_item` clicks for
 * product tiles, action buttons (`data-shopscene-action="add_to_cart"`), and search forms. Markup
 * added later is picked up. Returns a function that stops it all. Never throws into the page.
 */
export function startAutoCapture(track: Track, root: Document = document): () => void {
  const seen = new Set<string>();
  const viewedPageItems = new Set<string>();
  const batches = new Map<string, { name?: string; items: Record<string, unknown>[] }>();
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  let lastPage = pageKey();

  const flushImpressions = guard('impression tracking', () => {
    batchTimer = undefined;
    for (const [listId, batch] of batches) {
      track({ name: 'view_item_list', item_list_id: listId, ...(batch.name ? { item_list_name: batch.name } : {}), items: batch.items });
    }
    batches.clear();
  });

  const viewability = createViewabilityObserver({
    onSeen: guard('impression tracking', (tile: Element) => {
      const item = readItem(tile);
      if (!item) return;
      const list = listOf(tile);
      const key = `${list.id}\u0000${String(item.item_id)}`;
      if (seen.has(key)) return; // once per item per list per page view
      seen.add(key);
      const batch = batches.get(list.id) ?? { ...(list.name ? { name: list.name } : {}), items: [] };
      batch.items.push({ ...item, item_list_id: list.id, index: indexOf(tile, list.root) });
      batches.set(list.id, batch);
      batchTimer ??= setTimeout(flushImpressions, IMPRESSION_BATCH_MS);
    }) as (el: Element) => void,
  });

  const scan = guard('markup scan', (node: ParentNode) => {
    if (node instanceof Element && node.matches(TILE)) viewability.observe(node);
    node.querySelectorAll(TILE).forEach((tile) => viewability.observe(tile));
    const pageItems = node instanceof Element && node.matches(PAGE_ITEM) ? [node] : [...node.querySelectorAll(PAGE_ITEM)];
    for (const el of pageItems) {
      const item = readItem(el, 'data-shopscene-page-item');
      const id = item && String(item.item_id);
      if (!item || viewedPageItems.has(id!)) continue;
      viewedPageItems.add(id!);
      track({ name: 'view_item', items: [item] });
    }
  });

  const onClick = guard('click tracking', (event: Event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const action = target.closest(ACTION);
    if (action) {
      const name = action.getAttribute('data-shopscene-action') as EventInput['name'];
      const holder = action.hasAttribute('data-shopscene-item') ? action : action.closest(`${TILE},${PAGE_ITEM}`);
      const item = holder && (readItem(holder) ?? readItem(holder, 'data-shopscene-page-item'));
      const quantity = Number(action.getAttribute('data-shopscene-quantity') ?? 1);
      if (item) track({ name, items: [{ ...item, quantity }], ...(item.price !== undefined ? { value: Number(item.price) * quantity } : {}) });
      else track({ name });
      return;
    }
    const tile = target.closest(TILE);
    const item = tile && readItem(tile);
    if (!tile || !item) return;
    const list = listOf(tile);
    track({
      name: 'select_item',
      item_list_id: list.id,
      ...(list.name ? { item_list_name: list.name } : {}),
      items: [{ ...item, item_list_id: list.id, index: indexOf(tile, list.root) }],
    });
  });

  const onSubmit = guard('search tracking', (event: Event) => {
    const form = event.target instanceof Element ? event.target.closest(SEARCH_FORM) : null;
    if (!form) return;
    const input = form.querySelector<HTMLInputElement>('input[name=q], input[type=search], input[type=text], input:not([type])');
    const term = input?.value.trim();
    if (term) track({ name: 'search', search_term: term });
  });

  const onNavigate = guard('page_view tracking', () => {
    const key = pageKey();
    if (key === lastPage) return;
    lastPage = key;
    seen.clear();
    viewedPageItems.clear();
    track({ name: 'page_view' });
    scan(root);
  });

  // SPA navigation: wrap pushState/replaceState (a replaceState to the same path is not a page view).
  const history = root.defaultView?.history;
  const originals = history && { push: history.pushState, replace: history.replaceState };
  if (history && originals) {
    history.pushState = function (...args: Parameters<History['pushState']>) {
      originals.push.apply(this, args);
      onNavigate();
    };
    history.replaceState = function (...args: Parameters<History['replaceState']>) {
      originals.replace.apply(this, args);
      onNavigate();
    };
  }
  const win = root.defaultView;
  win?.addEventListener('popstate', onNavigate);
  root.addEventListener('click', onClick, true);
  root.addEventListener('submit', onSubmit, true);

  const mutations =
    typeof MutationObserver === 'function'
      ? new MutationObserver((records) => {
          for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) scan(node);
        })
      : undefined;
  const begin = () => {
    track({ name: 'page_view' });
    scan(root);
    mutations?.observe(root.documentElement, { childList: true, subtree: true });
  };
  if (root.readyState === 'loading') root.addEventListener('DOMContentLoaded', begin, { once: true });
  else begin();

  return () => {
    if (history && originals) {
      history.pushState = originals.push;
      history.replaceState = originals.replace;
    }
    win?.removeEventListener('popstate', onNavigate);
    root.removeEventListener('click', onClick, true);
    root.removeEventListener('submit', onSubmit, true);
    root.removeEventListener('DOMContentLoaded', begin);
    mutations?.disconnect();
    viewability.disconnect();
    clearTimeout(batchTimer);
    flushImpressions();
  };
}
