import type { Product } from './product.ts';
import type { ShopEvent } from '../events/event-schema.ts';
import type { RankingBlock } from '../ranking/ranking-block.ts';

/** What the SDK asks an adapter for. */
export interface CandidatesRequest {
  /** Where the products will show, e.g. `guess-you-like`. */
  placement: string;
  /** An adapter's own cursor from its previous answer, for adapters that page. */
  cursor?: string | null;
  limit?: number;
  /** Optional narrowing of the candidates (floors use these). */
  filter?: { categories?: string[]; tags?: string[]; brands?: string[]; ids?: string[] };
  /** What a backend may use to rank, sent only with the shopper's consent. */
  profile?: ProfileSummary;
}

/** The shopper in brief, for a backend that ranks (sent only with consent): interests, segments, traits, and the last few items looked at. */
export interface ProfileSummary {
  /** Top category interests with their weights now. */
  interests: Record<string, number>;
  rfmSegment: string;
  /** AIPL stages that are not `none`, keyed `brand:X` / `category:Y`. */
  aipl: Record<string, string>;
  traits: Record<string, string | number | boolean>;
  /**
   * The items the shopper viewed or carted last (at most {@link SUMMARY_RECENT}, newest first), so a
   * backend can rank with "shoppers who viewed this also viewed": ids and times only.
   */
  recent?: { id: string; time: number; carted?: true }[];
}

/** Most recent items a profile summary names. */
export const SUMMARY_RECENT = 10;

/** What an adapter answers: candidates, its next cursor, and whether it ranked them already. */
export interface CandidatesResponse {
  items: Product[];
  cursor: string | null;
  /** True when the backend ranked the items itself; the SDK then keeps their order. */
  ranked?: boolean;
  /**
   * The store's fitted ranking (`shopscene tune`, or the shopscene server's refit), for the SDK to
   * rank these items with when it ranks them. Settings given to `createShopscene({ ranking })` win.
   */
  ranking?: RankingBlock;
}

/** The seam between the SDK and wherever products come from. */
export interface BackendAdapter {
  candidates(request: CandidatesRequest, signal?: AbortSignal): Promise<CandidatesResponse>;
  /**
   * Delivers a batch of events; must be idempotent by `event_id`. May resolve `{ dedupes: true }` when
   * the backend said it keeps each event once (the shopscene server does): the outbox then keeps what
   * it sent by beacon at unload and sends it once more from the next page, until a delivery is confirmed.
   */
  sendEvents?(batch: ShopEvent[], options: { beacon: boolean }): Promise<void | DeliveryReceipt>;
  /** Scene config, for adapters that serve it; null when the backend has none. */
  scenes?(): Promise<unknown>;
  /** True for a backend that ranks: recommendation requests then carry a summary of the profile (with consent). */
  readonly rankedByBackend?: boolean;
  /** Grants a coupon to this shopper; resolve false when it was refused. */
  claimCoupon?(coupon: { id: string; label: string }): Promise<boolean>;
}

/** What a backend's answer to a batch of events said: whether it keeps each event once however often it comes. */
export interface DeliveryReceipt {
  dedupes?: boolean;
}
