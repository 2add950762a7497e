import type { EventInput, EventItem, ShopEvent } from '../events/event-schema.ts';
import { randomId } from '../util/ids.ts';
import { cleanUrl, MAX_URL_LENGTH } from './clean-url.ts';
import { linkReferral } from './share-link.ts';

/** The page as events carry it: what a URL must not carry left out, everything cut to a bounded length. */
export function currentPage(drop: ReadonlySet<string>): ShopEvent['page'] {
  if (typeof location === 'undefined' || typeof document === 'undefined') return undefined;
  return { url: cleanUrl(location.href, drop), path: cleanUrl(location.pathname, drop), title: document.title.slice(0, MAX_URL_LENGTH), referrer: cleanUrl(document.referrer, drop) };
}

/**
 * A valid event as it is recorded: its items filled in by `enrichItem`, a new `event_id`, its time
 * (never later than now), the session and the page; a landing through a shared link also carries
 * who referred it and the link's campaign (what the caller gave wins). The anonymous id is left
 * empty: it is known once the stored profile is read.
 */
export function stampEvent(
  valid: EventInput,
  now: number,
  sessionId: string,
  drop: ReadonlySet<string>,
  enrichItem?: (item: EventItem) => EventItem,
): ShopEvent {
  const items = valid.items && enrichItem ? valid.items.map(enrichItem) : valid.items;
  const page = currentPage(drop);
  return {
    ...(page && valid.name === 'page_view' ? linkReferral(location.href) : {}),
    ...valid,
    ...(items ? { items } : {}),
    event_id: randomId(),
    time: Math.min(valid.time ?? now, now),
    anonymous_id: '',
    session_id: sessionId,
    ...(page ? { page } : {}),
  };
}
