import { EVENT_NAMES } from '../events/event-schema.ts';
import { guard } from '../util/warn.ts';

type Track = (event: Record<string, unknown>) => unknown;
type Win = Window & { dataLayer?: unknown[] };

const NAMES: ReadonlySet<string> = /* @__PURE__ */ new Set(EVENT_NAMES);

/** `"30.00"` → 30, as GA4 reads numeric strings; anything else as it is (validation names it). */
const numeric = (v: unknown) => (typeof v === 'string' && v.trim() && Number.isFinite(+v) ? +v : v);

/** GA4's leniency: numeric item ids become strings, numeric strings numbers (own fields only). */
function coerce(event: Record<string, unknown>): Record<string, unknown> {
  const fix = (o: Record<string, unknown>, keys: string[]) => keys.forEach((k) => Object.hasOwn(o, k) && (o[k] = numeric(o[k])));
  fix(event, ['value', 'tax', 'shipping']);
  if (Array.isArray(event.items)) {
    event.items = event.items.map((entry: unknown) => {
      if (!entry || typeof entry !== 'object') return entry;
      const item: Record<string, unknown> = { ...entry };
      if (typeof item.item_id === 'number') item.item_id = String(item.item_id);
      fix(item, ['price', 'quantity', 'discount', 'index']);
      return item;
    });
  }
  return event;
}

/** A GA4 ecommerce push as GTM (`{ event, ecommerce }`) or gtag (`['event', name, params]`) writes it; else nothing. */
function fromPush(entry: unknown): Record<string, unknown> | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  // gtag() pushes its `arguments` object: ('event', name, params).
  const args = entry as { length?: number; 0?: unknown; 1?: unknown; 2?: unknown };
  if (typeof args.length === 'number' && args[0] === 'event' && typeof args[1] === 'string') {
    return NAMES.has(args[1]) ? coerce({ ...(args[2] as object), name: args[1] }) : undefined;
  }
  const push = entry as { event?: unknown; ecommerce?: unknown };
  if (typeof push.event !== 'string' || !NAMES.has(push.event) || !push.ecommerce || typeof push.ecommerce !== 'object') return undefined;
  return coerce({ ...(push.ecommerce as object), name: push.event });
}

/** How long the same event from markup and from the dataLayer counts as one (see {@link oneEventPerAction}). */
export const SAME_ACTION_MS = 2000;

/**
 * The rule for a store whose buttons carry `data-shopscene-action` and that also pushes its own GA4
 * events: the same event name for the same item ids, reported by the other source within
 * {@link SAME_ACTION_MS} of the last report, is one action, tracked once — the first report wins.
 * Reports from one source are never merged (two clicks are two adds). Returns a filter per source.
 */
export function oneEventPerAction(now: () => number = Date.now): (source: 'markup' | 'dataLayer') => (event: Record<string, unknown>) => boolean {
  let last: { key: string; source: string; at: number } | undefined;
  return (source) => (event) => {
    const items = Array.isArray(event.items) ? event.items.map((i: { item_id?: unknown } | null) => String(i?.item_id)).sort() : [];
    const key = `${String(event.name)}|${items}`;
    const at = now();
    const twin = last && last.key === key && last.source !== source && at - last.at <= SAME_ACTION_MS;
    last = twin ? undefined : { key, source, at };
    return !twin;
  };
}

/**
 * Tracks the GA4 ecommerce events a store already pushes to GTM's `dataLayer` (or through gtag),
 * those pushed before we loaded and those after, so an existing setup works unchanged. GA4 fields
 * we do not know are dropped by `track()`. Returns a function that stops listening.
 */
export function startDataLayerCapture(track: Track, win: Win = window): () => void {
  const take = guard('dataLayer tracking', (entry: unknown) => {
    const event = fromPush(entry);
    if (event) track(event);
  });
  let stop = () => {};
  const hook = () => {
    const layer = win.dataLayer;
    if (!Array.isArray(layer)) return false;
    for (const entry of layer) take(entry);
    const original = layer.push;
    layer.push = function (...entries: unknown[]) {
      const result = original.apply(this, entries);
      for (const entry of entries) take(entry);
      return result;
    };
    stop = () => void (layer.push = original);
    return true;
  };
  // We never create `dataLayer` ourselves (that would be a second global): a tag manager that comes
  // after us is picked up once the page has loaded.
  if (!hook()) {
    const onLoad = () => void hook();
    win.addEventListener('load', onLoad, { once: true });
    stop = () => win.removeEventListener('load', onLoad);
  }
  return () => stop();
}
