import { EVENT_NAMES } from '../events/event-schema.ts';
import { guard } from '../util/warn.ts';

type Track = (event: Record<string, unknown>) => unknown;
type Win = Window & { dataLayer?: unknown[] };

const NAMES: ReadonlySet<string> = new Set(EVENT_NAMES);

/** A GA4 ecommerce push as GTM (`{ event, ecommerce }`) or gtag (`['event', name, params]`) writes it; else nothing. */
function fromPush(entry: unknown): Record<string, unknown> | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  // gtag() pushes its `arguments` object: ('event', name, params).
  const args = entry as { length?: number; 0?: unknown; 1?: unknown; 2?: unknown };
  if (typeof args.length === 'number' && args[0] === 'event' && typeof args[1] === 'string') {
    return NAMES.has(args[1]) ? { ...(args[2] as object), name: args[1] } : undefined;
  }
  const push = entry as { event?: unknown; ecommerce?: unknown };
  if (typeof push.event !== 'string' || !NAMES.has(push.event) || !push.ecommerce || typeof push.ecommerce !== 'object') return undefined;
  return { ...(push.ecommerce as object), name: push.event };
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
