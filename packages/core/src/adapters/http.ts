import { describeError } from '../messages.ts';

/** A failed request: the status (0 for a network error or timeout) and the server's Retry-After, in ms. */
export class DeliveryError extends Error {
  declare readonly status: number;
  declare readonly retryAfterMs?: number;
  constructor(status: number, message: string, retryAfterMs?: number) {
    super(message);
    // Plain assignments, not class fields: no helper code in the loader.
    Object.assign(this, { name: 'DeliveryError', status, retryAfterMs });
  }
}

/** Seconds, or an HTTP date, as ms from now. */
export function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** `url` with the store's write key as `?key=` (or `&key=`), when there is one. */
export const withKey = (url: string, key: string | undefined) => (key ? `${url}${url.includes('?') ? '&' : '?'}key=${encodeURIComponent(key)}` : url);

/** How requests to a backend of our contract are made. */
export interface HttpOptions {
  /** Where our HTTP contract is served, e.g. `https://api.example.com` (see openapi.json in this package). */
  baseUrl: string;
  /** The store's public write key (`data-key`; the shopscene server needs it), sent as `?key=` with every request. */
  key?: string;
  /** Sent with every request (not with beacons, which cannot carry headers). */
  headers?: Record<string, string>;
  /** A request that takes longer is abandoned. @default 3000 */
  timeoutMs?: number;
  /** Larger responses are refused. @default 1_000_000 bytes */
  maxBytes?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * A requester for `baseUrl`: resolves with the parsed JSON answer (or nothing, when `json` is false),
 * or rejects with a {@link DeliveryError} that says what went wrong: status, wrong type, too large,
 * not JSON, too slow.
 */
export function createRequester(options: HttpOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 3000;
  const maxBytes = options.maxBytes ?? 1_000_000;
  const doFetch = (...args: Parameters<typeof fetch>) => (options.fetch ?? globalThis.fetch)(...args);
  const request = async (path: string, init: RequestInit, signal?: AbortSignal, json = true): Promise<unknown> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeliveryError(0, `no answer from ${path} in ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await doFetch(withKey(`${base}${path}`, options.key), { ...init, signal: controller.signal, headers: { ...options.headers, ...init.headers } });
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
  return { base, request };
}
