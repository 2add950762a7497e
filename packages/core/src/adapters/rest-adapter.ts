import * as z from 'zod/mini';
import { describeError } from '../messages.ts';
import { warnOnce } from '../util/warn.ts';
import { parseCatalog } from './static-adapter.ts';
import type { BackendAdapter, CandidatesRequest, CandidatesResponse } from './types.ts';
import type { ShopEvent } from '../events/event-schema.ts';
import { toJson } from '../util/to-json.ts';

/** Options of {@link restAdapter}. */
export interface RestAdapterOptions {
  /** Where our HTTP contract is served, e.g. `https://api.example.com` (see openapi.json in this package). */
  baseUrl: string;
  /** Sent with every request (not with beacons, which cannot carry headers). */
  headers?: Record<string, string>;
  /** A request that takes longer is abandoned. @default 3000 */
  timeoutMs?: number;
  /** Larger responses are refused. @default 1_000_000 bytes */
  maxBytes?: number;
  /** Asked when the backend fails and nothing is cached, e.g. `staticAdapter({ catalog })`. */
  fallback?: BackendAdapter;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** A failed delivery: the status (0 for a network error or timeout) and the server's Retry-After, in ms. */
export class DeliveryError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const pageSchema = z.object({ items: z.array(z.unknown()), cursor: z.nullable(z.string()), ranked: z.optional(z.boolean()) });

/** Seconds, or an HTTP date, as ms from now. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/**
 * The adapter for a backend of our HTTP contract: recommendations, events, scenes. Responses are
 * validated; a slow backend is abandoned after `timeoutMs`; on failure the last good page for the
 * same request is served stale, else the fallback adapter answers.
 */
export function restAdapter(options: RestAdapterOptions): BackendAdapter {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 3000;
  const maxBytes = options.maxBytes ?? 1_000_000;
  const doFetch = (...args: Parameters<typeof fetch>) => (options.fetch ?? globalThis.fetch)(...args);
  const cache = new Map<string, CandidatesResponse>();

  /** JSON from the backend, or a clear error: status, wrong type, too large, not JSON, too slow. */
  const request = async (path: string, init: RequestInit, signal?: AbortSignal, json = true): Promise<unknown> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeliveryError(0, `no answer from ${path} in ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await doFetch(`${base}${path}`, { ...init, signal: controller.signal, headers: { ...options.headers, ...init.headers } });
      if (!response.ok) throw new DeliveryError(response.status, `${path} answered HTTP ${response.status}`, retryAfter(response.headers.get('retry-after')));
      if (!json) return undefined;
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('json')) throw new DeliveryError(response.status, `${path} answered ${type || 'no content type'}, not JSON`);
      const length = Number(response.headers.get('content-length'));
      if (length > maxBytes) throw new DeliveryError(response.status, `${path} answered ${length} bytes, more than ${maxBytes}`);
      const text = await response.text();
      if (text.length > maxBytes) throw new DeliveryError(response.status, `${path} answered ${text.length} bytes, more than ${maxBytes}`);
      try {
        return JSON.parse(text);
      } catch {
        throw new DeliveryError(response.status, `${path} answered text that is not JSON`);
      }
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const reason = controller.signal.reason;
      if (reason instanceof DeliveryError) throw reason;
      throw new DeliveryError(0, `${path} failed: ${describeError(error)}`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };

  return {
    async candidates(req: CandidatesRequest, signal?: AbortSignal) {
      const key = toJson([req.placement, req.cursor ?? null, req.filter ?? null, req.limit ?? null]);
      try {
        const body = await request('/v1/recommendations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: toJson(req) }, signal);
        const page = pageSchema.safeParse(body);
        if (!page.success) throw new DeliveryError(200, `/v1/recommendations answered the wrong shape: ${page.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
        const result: CandidatesResponse = { items: parseCatalog(page.data.items, '/v1/recommendations items'), cursor: page.data.cursor, ranked: page.data.ranked ?? true };
        cache.set(key, result);
        return result;
      } catch (error) {
        warnOnce(`shopscene: the recommendations backend failed (${describeError(error)}); ${cache.has(key) ? 'showing the last good answer' : options.fallback ? 'using the fallback' : 'nothing to show'}`);
        const stale = cache.get(key);
        if (stale) return stale;
        if (options.fallback) return options.fallback.candidates({ ...req, cursor: null }, signal);
        throw error;
      }
    },
    async sendEvents(batch: ShopEvent[], { beacon }) {
      // text/plain keeps the request "simple": no CORS preflight, which matters most at unload.
      const body = toJson({ events: batch, sent_at: Date.now() });
      if (beacon && typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function') {
        if (!navigator.sendBeacon(`${base}/v1/events`, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) {
          throw new DeliveryError(0, 'the browser refused the beacon');
        }
        return;
      }
      await request('/v1/events', { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body, keepalive: beacon }, undefined, false);
    },
    async scenes() {
      try {
        return await request('/v1/scenes', { method: 'GET' });
      } catch (error) {
        // A backend without scenes (404) has none to give; other failures are reported.
        if (error instanceof DeliveryError && error.status === 404) return null;
        throw error;
      }
    },
  };
}
