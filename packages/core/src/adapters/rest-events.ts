import type { ShopEvent } from '../events/event-schema.ts';
import { beaconEvents, eventsBody, eventsUrl } from './events-beacon.ts';
import { DeliveryError, retryAfter } from './http.ts';
import type { BackendAdapter } from './types.ts';

/** Options of {@link restEvents}. */
export interface RestEventsOptions {
  /** Where our HTTP contract is served, e.g. `https://api.example.com`. */
  baseUrl: string;
  /** The store's public write key (the script tag's `data-key`), sent as `?key=` (a beacon carries no headers). */
  key?: string;
  /** Sent with every request (not with beacons, which cannot carry headers). */
  headers?: Record<string, string>;
  /** A request that takes longer is abandoned. @default 10000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Event delivery to a backend of our contract (`POST /v1/events`), for pages that only track: the
 * script tag's loader uses it without the rest of the REST adapter. Batches go as `text/plain` JSON
 * (no CORS preflight), by `sendBeacon` when the page is going away. A failure rejects with a
 * {@link DeliveryError}: the status (0 for a network error or timeout) and any Retry-After.
 */
export function restEvents(options: RestEventsOptions): Required<Pick<BackendAdapter, 'sendEvents'>> {
  const url = eventsUrl(options.baseUrl, options.key);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async sendEvents(batch: ShopEvent[], { beacon }) {
      if (beacon && typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function') {
        if (!beaconEvents(url, batch)) throw new DeliveryError(0, 'the browser refused the beacon');
        return;
      }
      // text/plain keeps the request "simple": no CORS preflight, which matters most at unload.
      const body = eventsBody(batch);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let response: Response;
      try {
        response = await (options.fetch ?? fetch)(url, { method: 'POST', headers: { ...options.headers, 'content-type': 'text/plain;charset=UTF-8' }, body, keepalive: beacon, signal: controller.signal });
      } catch (error) {
        throw new DeliveryError(0, controller.signal.aborted ? `no answer from /v1/events in ${timeoutMs} ms` : `/v1/events failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        clearTimeout(timer);
      }
      if (!response.ok) throw new DeliveryError(response.status, `/v1/events answered HTTP ${response.status}`, retryAfter(response.headers.get('retry-after')));
      // The shopscene server says it keeps each event once: what a beacon took may then be sent again.
      return { dedupes: response.headers.get('x-shopscene-dedupe') === 'event_id' };
    },
  };
}
