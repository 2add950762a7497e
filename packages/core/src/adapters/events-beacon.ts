import type { ShopEvent } from '../events/event-schema.ts';
import { toJson } from '../util/to-json.ts';
import { withKey } from './http.ts';

/** The URL of `POST /v1/events` at `baseUrl`, with the store's write key as `?key=` (a beacon carries no headers). */
export const eventsUrl = (baseUrl: string, key?: string): string => withKey(`${baseUrl.replace(/\/+$/, '')}/v1/events`, key);

/** The body of `POST /v1/events`: the batch, and when it was sent. */
export const eventsBody = (events: readonly ShopEvent[]): string => toJson({ events, sent_at: Date.now() });

/**
 * Sends a batch to `POST /v1/events` by `navigator.sendBeacon`, as `text/plain` JSON (a "simple"
 * request: no CORS preflight, which a page going away has no time for). Whether the browser took it:
 * not if it refused (over its 64 KB in flight), nor where there is no sendBeacon.
 */
export function beaconEvents(url: string, events: readonly ShopEvent[]): boolean {
  try {
    return navigator.sendBeacon(url, new Blob([eventsBody(events)], { type: 'text/plain;charset=UTF-8' }));
  } catch {
    return false;
  }
}
