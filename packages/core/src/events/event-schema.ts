import * as z from 'zod/mini';

/**
 * The event names we accept: GA4's ecommerce vocabulary plus our `dislike_item` ("not interested")
 * and `stage_change` (the SDK's own: a brand's or category's AIPL stage moved).
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
const text = (max: number) => z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));
/** zod rejects NaN and ±Infinity as numbers already. */
const money = z.number();

/** A GA4 item: the product an event is about. Unknown item fields are dropped. */
export const itemSchema = z.object({
  item_id: text(200),
  item_name: z.optional(text(500)),
  item_brand: z.optional(text(200)),
  item_category: z.optional(text(200)),
  item_category2: z.optional(text(200)),
  item_category3: z.optional(text(200)),
  item_category4: z.optional(text(200)),
  item_category5: z.optional(text(200)),
  item_variant: z.optional(text(200)),
  item_list_id: z.optional(text(200)),
  item_list_name: z.optional(text(200)),
  promotion_id: z.optional(text(200)),
  coupon: z.optional(text(200)),
  price: z.optional(money),
  discount: z.optional(money),
  quantity: z.optional(z.number().check(z.int('must be a whole number'), z.nonnegative('must not be negative'))),
  index: z.optional(z.number().check(z.int('must be a whole number'), z.nonnegative('must not be negative'))),
});

/** What a caller passes to `track()`: a name and GA4 parameters; ids, time and page are added for them. */
export const eventInputSchema = z.object({
  name: z.enum(EVENT_NAMES, `must be one of ${EVENT_NAMES.join(', ')}`),
  /** When it happened (epoch ms), for importing past events such as an order history; default: now. */
  time: z.optional(z.number().check(z.int('must be whole milliseconds'), z.gte(946_684_800_000, 'must be an epoch time in milliseconds after 2000'))),
  items: z.optional(z.array(itemSchema).check(z.maxLength(200, 'must list at most 200 items'))),
  item_list_id: z.optional(text(200)),
  item_list_name: z.optional(text(200)),
  search_term: z.optional(text(200)),
  transaction_id: z.optional(text(200)),
  value: z.optional(money),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "USD"'))),
  tax: z.optional(money),
  shipping: z.optional(money),
  coupon: z.optional(text(200)),
  payment_type: z.optional(text(100)),
  shipping_tier: z.optional(text(100)),
  promotion_id: z.optional(text(200)),
  promotion_name: z.optional(text(200)),
  creative_name: z.optional(text(200)),
  creative_slot: z.optional(text(200)),
  method: z.optional(text(100)),
  content_type: z.optional(text(100)),
  reason: z.optional(text(200)),
  stage_scope: z.optional(z.enum(['brand', 'category'])),
  stage_name: z.optional(text(200)),
  stage_from: z.optional(z.enum(STAGES)),
  stage_to: z.optional(z.enum(STAGES)),
});

/** What a caller passes to `track()`. */
export type EventInput = z.infer<typeof eventInputSchema>;

/** A GA4 item as stored on an event. */
export type EventItem = z.infer<typeof itemSchema>;

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
