import { productToItem } from '../create-recommender.ts';
import type { RankedItem } from '../ranking/rank.ts';
import * as messages from '../messages.ts';
import { describeError } from '../messages.ts';
import type { Floor, Stream } from '../scenes/scene-schema.ts';
import { localize } from '../scenes/localize.ts';
import { parseZoned } from '../scenes/zoned-time.ts';
import { createReadable, type Readable } from '../util/readable.ts';
import { warnOnce } from '../util/warn.ts';
import type { GroupDeal, GroupJoin } from './group-deal.ts';
import type { VenueModel, VenueSource } from './venue-model.ts';

export type { GroupDeal, GroupJoin } from './group-deal.ts';

/** Where a live stream stands at the venue's clock. */
export type StreamState = 'upcoming' | 'live' | 'replay' | 'ended';

// Here, not in messages.ts: that file's strings share a chunk every widget page fetches.
const groupUnhandled =
  'shopscene: a shopper asked to join a group but nothing handles it; give the script tag shopscene.push(["onGroup", (group) => true]) (or set shopscene.onGroup)';

/** The latest instant a `Date` can hold (8.64e15 ms): beyond it `toISOString()` and `Intl` throw. */
export const MAX_DATE_MS = 8.64e15;
/** What each live number of a backend's `group` may be; anything else is treated as missing. */
const GROUP_LIMITS = { price: 1e15, size: 1e6, joined: 1e6, endsAt: MAX_DATE_MS } as const;

/**
 * A number of a backend's `group` the cards can show: finite, not negative and within its limit. An
 * unusable one counts as missing, with one console warning naming the product and the field; an
 * `endsAt` beyond what a Date holds (9007199254740991 as "never closes", or nanoseconds) is `Infinity`:
 * the group stays open and no end is shown.
 */
function usable(product: { id: string; group?: unknown }, field: keyof typeof GROUP_LIMITS): number | undefined {
  const v = (product.group as Record<string, unknown> | undefined)?.[field];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && v >= 0 && v <= GROUP_LIMITS[field]) return v; // (NaN fails both)
  const never = field === 'endsAt' && Number.isFinite(v) && (v as number) > MAX_DATE_MS;
  warnOnce(`shopscene: product ${product.id}: group.${field} ${typeof v === 'number' ? String(v) : `(${typeof v})`} is not a usable number; ${never ? 'no end shown' : 'ignored'}`);
  return never ? Infinity : undefined;
}

/**
 * The behaviour of a venue's campaign floors: group buying on "group-buy" floors (the deal from the
 * backend's `group` or the floor's config, joining through the host's `onGroup`) and live streams on
 * "live" floors (live, upcoming, replay by their times in the scene's time zone). Made on demand,
 * with the cards that draw it, by a venue that has such floors.
 */
export function createCampaignFloors(sdk: Pick<VenueSource, 'track' | 'onGroup' | 'locale'>, model: VenueModel) {
  /** Group-buy states by `floor id:product id`. */
  const groups = createReadable<ReadonlyMap<string, 'joining' | 'joined' | 'error' | 'unavailable'>>(new Map());
  const floorOf = (id: string) => model.floors.peek().find((f) => f.floor.id === id)?.floor;

  /** A product's group deal (the shopper counted in once they joined); what a backend sent that is unusable is ignored. */
  const deal = (floor: Floor, item: RankedItem): GroupDeal => {
    const { product } = item;
    const scene = model.active.peek();
    const size = Math.max(2, Math.round(usable(product, 'size') ?? floor.group?.size ?? 2));
    const ends = floor.group?.ends && scene ? parseZoned(floor.group.ends, scene.scene.schedule.timeZone) : NaN;
    const joined = Math.min(size - 1, Math.round(usable(product, 'joined') ?? 0)) + (groups.peek().get(`${floor.id}:${product.id}`) === 'joined' ? 1 : 0);
    const price = usable(product, 'price') ?? Math.round(product.price * (1 - (floor.group?.discount ?? 0)) * 100) / 100;
    return { price, size, joined, endsAt: usable(product, 'endsAt') ?? (Number.isNaN(ends) ? (scene?.end ?? 0) : ends) };
  };

  return {
    groups: groups.readable as Readable<ReadonlyMap<string, 'joining' | 'joined' | 'error' | 'unavailable'>>,
    deal,
    /** "Start a group" / "Join the group": `select_promotion` (creative "group-buy"), then the host's `onGroup` decides. */
    async joinGroup(floorId: string, item: RankedItem, index: number) {
      const floor = floorOf(floorId);
      const key = `${floorId}:${item.product.id}`;
      const state = groups.peek().get(key);
      const scene = model.active.peek();
      if (!floor || !scene || state === 'joining' || state === 'joined') return;
      const offer = deal(floor, item);
      void sdk.track({ name: 'select_promotion', ...model.promotion(floor), creative_name: 'group-buy', group_size: offer.size, group_joined: offer.joined, items: [{ ...productToItem(item.product), price: offer.price, index, item_list_id: `floor:${floorId}` }] });
      const set = (next: 'joining' | 'joined' | 'error' | 'unavailable') => groups.set(new Map(groups.peek()).set(key, next));
      if (!sdk.onGroup) return warnOnce(groupUnhandled), set('unavailable');
      set('joining');
      let ok = false;
      try {
        ok = (await sdk.onGroup({ ...offer, id: item.product.id, scene: scene.scene.id, floor: floorId, action: offer.joined ? 'join' : 'start' })) === true;
      } catch (error) {
        warnOnce(messages.callbackFailed('joining a group', describeError(error)));
      }
      set(ok ? 'joined' : 'error');
    },
    /** Where a live stream stands at the venue's clock: upcoming, live, replay (ended, with a recording) or ended; and its times. */
    stream(stream: Stream): { state: StreamState; start: number; end: number } {
      const zone = model.active.peek()?.scene.schedule.timeZone ?? 'UTC';
      const start = parseZoned(stream.start, zone);
      const end = parseZoned(stream.end, zone);
      const now = model.clock.peek();
      return { state: now < start ? 'upcoming' : now < end ? 'live' : stream.replay ? 'replay' : 'ended', start, end };
    },
    /** A click on a live stream's card: `select_promotion` (creative "live"), the stream in the promotion's id. */
    watch(floorId: string, stream: Stream) {
      const floor = floorOf(floorId);
      if (floor) void sdk.track({ name: 'select_promotion', ...model.promotion(floor), promotion_id: `${model.promotion(floor).promotion_id}:${stream.id}`, promotion_name: localize(stream.title, sdk.locale), creative_name: 'live' });
    },
  };
}

/** The campaign floors of one venue. */
export type CampaignFloors = ReturnType<typeof createCampaignFloors>;
