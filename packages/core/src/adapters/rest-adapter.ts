import { readRankingBlock } from '../ranking/ranking-block.ts';
import { describeError } from '../messages.ts';
import { createRequester, DeliveryError, type HttpOptions } from './http.ts';
import { restEvents } from './rest-events.ts';
import { warnOnce } from '../util/warn.ts';
import type { BackendAdapter, CandidatesRequest, CandidatesResponse } from './types.ts';
import { toJson } from '../util/to-json.ts';

/** Options of {@link restAdapter}. */
export interface RestAdapterOptions extends HttpOptions {
  /** Asked when the backend fails and nothing is cached, e.g. `staticAdapter({ catalog })`. */
  fallback?: BackendAdapter;
}

export { DeliveryError };

/** What is wrong with a page of recommendations, if anything: `{ items: [...], cursor: string | null, ranked?: boolean }`. */
function pageProblems(body: unknown): string[] {
  const page = (body ?? {}) as { items?: unknown; cursor?: unknown; ranked?: unknown };
  const problems: string[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['(root)'];
  if (!Array.isArray(page.items)) problems.push('items');
  if (page.cursor !== null && typeof page.cursor !== 'string') problems.push('cursor');
  if (page.ranked !== undefined && typeof page.ranked !== 'boolean') problems.push('ranked');
  return problems;
}

/**
 * The adapter for a backend of our HTTP contract: recommendations, events, scenes. Responses are
 * checked (their shape here, each product by the recommender); a slow backend is abandoned after `timeoutMs`; on failure the last good page for the
 * same request is served stale, else the fallback adapter answers.
 */
export function restAdapter(options: RestAdapterOptions): BackendAdapter {
  const { request } = createRequester(options);
  const cache = new Map<string, CandidatesResponse>();

  return {
    rankedByBackend: true,
    async candidates(req: CandidatesRequest, signal?: AbortSignal) {
      const key = toJson([req.placement, req.cursor ?? null, req.filter ?? null, req.limit ?? null]);
      try {
        const body = await request('/v1/recommendations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: toJson(req) }, signal);
        const problems = pageProblems(body);
        if (problems.length) throw new DeliveryError(200, `/v1/recommendations answered the wrong shape: ${problems.join(', ')}`);
        const page = body as { items: unknown[]; cursor: string | null; ranked?: boolean; ranking?: unknown };
        // Each product is checked by the recommender, as any adapter's are (bad ones skipped, named).
        // The store's fitted ranking, when the backend sends one: for the pages the SDK ranks itself.
        const ranking = readRankingBlock(page.ranking, `${options.baseUrl} answer`);
        const result: CandidatesResponse = { items: page.items as CandidatesResponse['items'], cursor: page.cursor, ranked: page.ranked ?? true, ...(ranking ? { ranking } : {}) };
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
    sendEvents: restEvents({ ...options, ...(options.timeoutMs ? {} : { timeoutMs: 3000 }) }).sendEvents,
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
