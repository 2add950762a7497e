import { count, epoch, matching, number, oneOf, text, type Rule } from '../util/check.ts';

/**
 * The event names we accept: GA4's ecommerce vocabulary plus our `dislike_item` ("not interested"),
 * `stage_change` (the SDK's own: a brand's or category's AIPL stage moved) and `experiment_exposure`
 * (a shopper first saw a variant of a scene's A/B test).
 */
export const EVENT_NAMES = [
  'page_view',
  'view_item',
  'view_item_list',
  'select_item',
  'search',
  'add_to_cart',
  'remove_from_cart',
  'add_to_wishlist',
  'begin_checkout',
  'purchase',
  'refund',
  'share',
  'view_promotion',
  'select_promotion',
  'dislike_item',
  'stage_change',
  'experiment_exposure',
] as const;

/** One of {@link EVENT_NAMES}. */
export type EventName = (typeof EVENT_NAMES)[number];

/** Events that are about particular products and so must name at least one item. */
export const ITEM_EVENTS: ReadonlySet<EventName> = new Set([
  'view_item',
  'view_item_list',
  'select_item',
  'add_to_cart',
  'remove_from_cart',
  'add_to_wishlist',
  'dislike_item',
]);

const STAGES = ['none', 'awareness', 'interest', 'purchase', 'loyalty'] as const;
type Stage = (typeof STAGES)[number];

/** A GA4 item: the product an event is about. */
export interface EventItem {
  item_id: string;
  item_name?: string;
  item_brand?: string;
  item_category?: string;
  item_category2?: string;
  item_category3?: string;
  item_category4?: string;
  item_category5?: string;
  item_variant?: string;
  item_list_id?: string;
  item_list_name?: string;
  promotion_id?: string;
  coupon?: string;
  price?: number;
  discount?: number;
  quantity?: number;
  index?: number;
}

/** What a caller passes to `track()`: a name and GA4 parameters; ids, time and page are added for them. */
export interface EventInput {
  name: EventName;
  /** When it happened (epoch ms), for importing past events such as an order history; default: now. */
  time?: number;
  items?: EventItem[];
  item_list_id?: string;
  item_list_name?: string;
  search_term?: string;
  transaction_id?: string;
  value?: number;
  currency?: string;
  tax?: number;
  shipping?: number;
  coupon?: string;
  payment_type?: string;
  shipping_tier?: string;
  promotion_id?: string;
  promotion_name?: string;
  creative_name?: string;
  creative_slot?: string;
  method?: string;
  content_type?: string;
  reason?: string;
  stage_scope?: 'brand' | 'category';
  stage_name?: string;
  stage_from?: Stage;
  stage_to?: Stage;
  /** `experiment_exposure`: the experiment (a scene's id) and the variant shown. */
  experiment_id?: string;
  variant_id?: string;
  /** `page_view` through a shared link: the sharer's referrer code (`ss_ref`) and the link's UTM parameters. */
  referral?: string;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_content?: string;
  /** The store's own id of a signed-in shopper (GA4's user_id): the server counts all their devices as one shopper. */
  user_id?: string;
  /** A group-buy `select_promotion`: the group's size, and how many had joined before this shopper (0: they start it). */
  group_size?: number;
  group_joined?: number;
}

/** The checks of each item field (unknown item fields are dropped). GA4's numeric ids and numeric strings are accepted. */
export const ITEM_RULES: Record<keyof EventItem, Rule> = {
  item_id: text(200),
  item_name: text(500),
  item_brand: text(200),
  item_category: text(200),
  item_category2: text(200),
  item_category3: text(200),
  item_category4: text(200),
  item_category5: text(200),
  item_variant: text(200),
  item_list_id: text(200),
  item_list_name: text(200),
  promotion_id: text(200),
  coupon: text(200),
  price: number,
  discount: number,
  quantity: count,
  index: count,
};

/** The checks of each event field but `items` (checked item by item). */
export const EVENT_RULES: Record<Exclude<keyof EventInput, 'items'>, Rule> = {
  name: oneOf(EVENT_NAMES, `must be one of ${EVENT_NAMES.join(', ')}`),
  time: epoch,
  item_list_id: text(200),
  item_list_name: text(200),
  search_term: text(200),
  transaction_id: text(200),
  value: number,
  currency: matching(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "USD"'),
  tax: number,
  shipping: number,
  coupon: text(200),
  payment_type: text(100),
  shipping_tier: text(100),
  promotion_id: text(200),
  promotion_name: text(200),
  creative_name: text(200),
  creative_slot: text(200),
  method: text(100),
  content_type: text(100),
  reason: text(200),
  stage_scope: oneOf(['brand', 'category']),
  stage_name: text(200),
  stage_from: oneOf(STAGES),
  stage_to: oneOf(STAGES),
  experiment_id: text(200),
  variant_id: text(200),
  referral: text(200),
  utm_source: text(200),
  utm_medium: text(200),
  utm_campaign: text(200),
  utm_content: text(200),
  user_id: text(200),
  group_size: count,
  group_joined: count,
};

/** Where an event happened. */
export interface EventPage {
  url: string;
  path: string;
  title: string;
  referrer: string;
}

/** A validated event with everything the SDK adds: the unit the profile, outbox and backends see. */
export interface ShopEvent extends EventInput {
  /** Idempotency key; never changes once made. */
  event_id: string;
  /** Client time, epoch ms. */
  time: number;
  anonymous_id: string;
  session_id: string;
  page?: EventPage;
}
