import * as z from 'zod/mini';
import { AIPL_STAGES } from '../segments/aipl.ts';
import { DATE_TIME } from './zoned-time.ts';
import { isSafeUrl } from '../util/safe-url.ts';

const id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'an id is lowercase letters, digits and dashes, e.g. "new-year-goods"'));
/** A label: plain text, or text per locale, e.g. `{ "en": "Gifts", "zh-CN": "礼品" }`. */
const text = z.union([
  z.string().check(z.minLength(1)),
  z.record(z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a locale such as "en" or "zh-CN"')), z.string().check(z.minLength(1))),
]);
const colour = z.string().check(z.regex(/^(#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|(rgb|hsl)a?\([\d\s.,%/-]+\))$/, 'a colour such as "#d4241c" or "rgb(212 36 28)"'));
const dateTime = z.string().check(z.regex(DATE_TIME, 'a date such as "2027-01-28" or "2027-01-28T20:00", optionally with an offset "+08:00"'));
const url = z.string().check(z.refine(isSafeUrl, 'must be an http(s) URL or a path on this site'));
const strings = z.array(z.string().check(z.minLength(1)));
const range = z.tuple([z.number(), z.number()]);
/** An A/B variant's relative share of shoppers (weights need not add up to anything). */
const weight = z.number().check(z.positive());

/** An audience rule (see `matchAudience`): exactly one kind of test per object; combine with all/any/not. */
export const audienceSchema: z.ZodMiniType = z.strictObject({
  all: z.optional(z.array(z.lazy(() => audienceSchema))),
  any: z.optional(z.array(z.lazy(() => audienceSchema))),
  not: z.optional(z.lazy(() => audienceSchema)),
  trait: z.optional(z.string().check(z.minLength(1))),
  in: z.optional(z.array(z.union([z.string(), z.number(), z.boolean()]))),
  interest: z.optional(
    z.strictObject({ category: z.optional(z.string()), brand: z.optional(z.string()), tag: z.optional(z.string()), min: z.number().check(z.nonnegative()) }),
  ),
  device: z.optional(z.array(z.enum(['mobile', 'tablet', 'desktop']))),
  visitor: z.optional(z.enum(['new', 'returning'])),
  rfm: z.optional(strings),
  rfmScore: z.optional(z.strictObject({ r: z.optional(range), f: z.optional(range), m: z.optional(range) })),
  aipl: z.optional(
    z.strictObject({
      brand: z.optional(z.string()),
      category: z.optional(z.string()),
      in: z.optional(z.array(z.enum(AIPL_STAGES as ['none', 'awareness', 'interest', 'purchase', 'loyalty']))),
      atLeast: z.optional(z.enum(AIPL_STAGES as ['none', 'awareness', 'interest', 'purchase', 'loyalty'])),
    }),
  ),
});

export const themeSchema = z.strictObject({
  colors: z.strictObject({ primary: colour, background: colour, text: colour, accent: z.optional(colour) }),
  banner: z.optional(z.strictObject({ image: url, alt: text, width: z.number().check(z.positive()), height: z.number().check(z.positive()) })),
  radius: z.optional(z.number().check(z.gte(0), z.lte(48))),
});

const size = z.number().check(z.positive());

/** A live stream on a floor with layout "live": live, upcoming or replay by its times (in the scene's time zone). */
export const streamSchema = z.strictObject({
  id,
  title: text,
  /** Who presents it. */
  host: text,
  cover: z.strictObject({ image: url, alt: z.optional(text), width: size, height: size }),
  /** Where the stream is watched. */
  url,
  start: dateTime,
  end: dateTime,
  /** Where the recording is, once it has ended. */
  replay: z.optional(url),
});

const floorSort = z.enum(['personalised', 'popularity', 'price-asc', 'price-desc', 'newest']);
const floorLimit = z.number().check(z.int(), z.gte(1), z.lte(60));
const floorLayout = z.enum(['grid', 'carousel', 'waterfall', 'group-buy', 'live']);
const floorSource = z.strictObject({ categories: z.optional(strings), tags: z.optional(strings), brands: z.optional(strings), ids: z.optional(strings) });

/** One version of a floor in an A/B test: its share of shoppers, and what it changes. */
export const floorVariantSchema = z.strictObject({
  id,
  weight,
  title: z.optional(text),
  subtitle: z.optional(text),
  source: z.optional(floorSource),
  sort: z.optional(floorSort),
  limit: z.optional(floorLimit),
  layout: z.optional(floorLayout),
});

export const floorSchema = z.strictObject({
  id,
  title: text,
  subtitle: z.optional(text),
  /** Which products fill the floor (a "live" floor may have none: its streams are its content). */
  source: z.optional(floorSource),
  sort: z._default(floorSort, 'personalised'),
  limit: z._default(floorLimit, 8),
  layout: z._default(floorLayout, 'grid'),
  audience: z.optional(audienceSchema),
  /** Keep this floor at its place whatever the shopper's interests. */
  pinned: z.optional(z.boolean()),
  coupon: z.optional(z.strictObject({ id, label: text, terms: z.optional(text) })),
  /** Group buying ("group-buy" floors): a product's own `group` from the backend wins over these. */
  group: z.optional(
    z.strictObject({
      size: z.number().check(z.int(), z.gte(2), z.lte(1000)),
      discount: z.optional(z.number().check(z.gt(0), z.lt(1))),
      ends: z.optional(dateTime),
    }),
  ),
  /** The live streams of a "live" floor. */
  streams: z.optional(z.array(streamSchema).check(z.minLength(1, 'a live floor needs at least one stream'))),
  /** A share button on the floor and its cards (the link carries the shopper's referrer code). */
  share: z._default(z.boolean(), true),
  /** An A/B test of this floor (experiment `scene/floor`): each shopper sees one variant, chosen by weight and kept. */
  variants: z.optional(z.array(floorVariantSchema).check(z.minLength(2, 'an A/B test needs at least two variants'))),
});

export const waterfallSettingsSchema = z.strictObject({
  columns: z.optional(z.record(z.string().check(z.regex(/^\d+$/, 'a minimum width in px, e.g. "560"')), z.number().check(z.int(), z.gte(1), z.lte(8)))),
  pageSize: z.optional(z.number().check(z.int(), z.gte(4), z.lte(60))),
  mix: z.optional(z.strictObject({ personalised: z.number().check(z.gte(0), z.lte(1)), trending: z.number().check(z.gte(0), z.lte(1)), exploration: z.number().check(z.gte(0), z.lte(1)) })),
  diversityCap: z.optional(z.number().check(z.int(), z.gte(1))),
});

/** One version of a scene in an A/B test: its share of shoppers, and what it changes. */
export const variantSchema = z.strictObject({
  id,
  weight,
  title: z.optional(text),
  subtitle: z.optional(text),
  theme: z.optional(id),
  floors: z.optional(z.array(floorSchema).check(z.minLength(1, 'a scene needs at least one floor'))),
});

export const PHASES = ['seeding', 'growing', 'harvest', 'nurture'] as const;

export const sceneSchema = z.strictObject({
  id,
  title: text,
  subtitle: z.optional(text),
  theme: id,
  priority: z._default(z.number().check(z.int()), 0),
  schedule: z.strictObject({
    start: dateTime,
    end: dateTime,
    timeZone: z.string().check(z.minLength(1)),
    /** When each later phase begins; seeding begins at `start`. */
    phases: z.optional(z.strictObject({ growing: z.optional(dateTime), harvest: z.optional(dateTime), nurture: z.optional(dateTime) })),
  }),
  audience: z.optional(audienceSchema),
  countdown: z._default(z.boolean(), true),
  /** While active, mix this scene's categories into the home waterfall with this weight (0 = off). */
  boost: z._default(z.number().check(z.gte(0), z.lte(1)), 0.3),
  floors: z.array(floorSchema).check(z.minLength(1, 'a scene needs at least one floor')),
  waterfall: z.optional(waterfallSettingsSchema),
  /** An A/B test of this scene: each shopper sees one variant, chosen by weight and kept. */
  variants: z.optional(z.array(variantSchema).check(z.minLength(2, 'an A/B test needs at least two variants'))),
});

/** The marketer's JSON: themes and scenes. */
export const sceneConfigSchema = z.strictObject({
  $schema: z.optional(z.string()),
  themes: z.record(id, themeSchema),
  scenes: z.array(sceneSchema).check(z.minLength(1, 'the config needs at least one scene')),
});

export type SceneConfig = z.infer<typeof sceneConfigSchema>;
export type Scene = SceneConfig['scenes'][number];
export type Floor = Scene['floors'][number];
export type Variant = NonNullable<Scene['variants']>[number];
export type Stream = NonNullable<Floor['streams']>[number];
export type Theme = SceneConfig['themes'][string];
export type Phase = (typeof PHASES)[number];
/** A label as written: text, or text per locale. */
export type Text = z.infer<typeof text>;
