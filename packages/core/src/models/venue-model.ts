import { productToItem } from '../create-recommender.ts';
import type { RankedItem } from '../ranking/rank.ts';
import type { Shopscene } from '../create-shopscene.ts';
import * as recommendMessages from '../recommend-messages.ts';
import { describeError } from '../messages.ts';
import type { Floor, Phase, Stream } from '../scenes/scene-schema.ts';
import { referralCode, shareLink } from '../tracker/share-link.ts';
import { localize } from '../scenes/localize.ts';
import type { ActiveScene } from '../scenes/select-scene.ts';
import { createViewabilityObserver } from '../tracker/viewability.ts';
import { createReadable, type Readable } from '../util/readable.ts';
import { warnOnce } from '../util/warn.ts';
import { own } from '../util/own.ts';
import type { Profile } from '../profile/profile-types.ts';

/** One floor with its products. */
export interface FloorState {
  floor: Floor;
  items: RankedItem[];
  status: 'loading' | 'ready' | 'error';
}

/** What a product's call to action does in each phase of the campaign rhythm. */
export const PHASE_ACTIONS: Record<Phase, { event: 'add_to_wishlist' | 'add_to_cart'; label: string; labelZh: string; navigate: boolean }> = {
  seeding: { event: 'add_to_wishlist', label: 'Remind me', labelZh: '提醒我', navigate: false },
  growing: { event: 'add_to_wishlist', label: 'Add to wishlist', labelZh: '加入心愿单', navigate: false },
  harvest: { event: 'add_to_cart', label: 'Buy now', labelZh: '立即购买', navigate: true },
  nurture: { event: 'add_to_cart', label: 'Buy again', labelZh: '再次购买', navigate: false },
};

/** How a share went: by the device's share sheet, copied, cancelled by the shopper, or impossible here (show the link to copy). */
export type ShareOutcome = { outcome: 'shared' | 'copied' | 'cancelled' | 'failed'; url: string };

/** What a venue needs from the SDK instance. */
export type VenueSource = Pick<Shopscene, 'ready' | 'scenesReady' | 'activeScene' | 'recommend' | 'track' | 'claimCoupon' | 'now' | 'locale' | 'preview'> &
  Partial<Pick<Shopscene, 'canClaimCoupons' | 'onGroup' | 'consent'>> & {
    /** The shopper's profile: an A/B exposure it already records is not tracked again. */
    profile?: { peek(): Profile };
  };

/** Options of the venue. */
export interface VenueOptions {
  /** Show this scene (when it is active for the shopper); by default the one selected for them. */
  sceneId?: string;
}

/**
 * The headless festival venue: the active scene and its phase, a countdown to the next phase
 * boundary (ticking each second while the page is visible), each floor's products, the floor in
 * view for the elevator, coupon claims, phase-aware calls to action, and floor impressions
 * (`view_promotion`, `creative_slot` = floor id). The FestivalFloors widget only renders it.
 */
export function createVenueModel(sdk: VenueSource, options: VenueOptions = {}) {
  const active = createReadable<ActiveScene | null>(null);
  const status = createReadable<'loading' | 'ready' | 'none'>('loading');
  const floors = createReadable<FloorState[]>([]);
  const clock = createReadable(sdk.now());
  const activeFloor = createReadable<string | null>(null);
  /** Coupon states by coupon id (a Map: ids are the marketer's text, `constructor` included). */
  const coupons = createReadable<ReadonlyMap<string, 'claiming' | 'claimed' | 'error' | 'unavailable'>>(new Map());
  let timer: ReturnType<typeof setInterval> | undefined;
  let disposed = false;
  const seenFloors = new Set<string>();
  /** Experiments whose exposure this venue has tracked. */
  const exposed = new Set<string>();
  const byElement = new WeakMap<Element, string>();

  const floorTitle = (floor: Floor) => localize(floor.title, sdk.locale);
  const promotion = (floor: Floor) => ({
    promotion_id: `${active.peek()!.scene.id}:${floor.id}`,
    promotion_name: floorTitle(floor),
    creative_slot: floor.id,
  });

  // A floor is often taller than the screen: it counts once half of it, or half the screen, is floor.
  const impressions = createViewabilityObserver({
    viewportShare: 0.5,
    onSeen(el) {
      const id = byElement.get(el);
      const floor = floors.peek().find((f) => f.floor.id === id)?.floor;
      if (!floor || seenFloors.has(floor.id)) return;
      seenFloors.add(floor.id);
      void sdk.track({ name: 'view_promotion', ...promotion(floor) });
    },
  });
  // The elevator lights the floor nearest the top of the viewport among those in view.
  const inView = new Map<string, number>();
  const elevator =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              const id = byElement.get(e.target)!;
              if (e.isIntersecting) inView.set(id, e.boundingClientRect.top);
              else inView.delete(id);
            }
            const order = floors.peek().map((f) => f.floor.id);
            activeFloor.set(order.find((id) => inView.has(id)) ?? activeFloor.peek());
          },
          { rootMargin: '-35% 0px -60% 0px' },
        )
      : undefined;

  const tick = () => {
    clock.set(sdk.now());
    const current = active.peek();
    // Crossing a phase boundary changes the calls to action: select again.
    if (current && clock.peek() >= current.nextBoundary) void load();
  };
  const onVisibility = () => {
    clearInterval(timer);
    timer = undefined;
    if (disposed || typeof document === 'undefined' || document.visibilityState === 'hidden') return;
    tick();
    timer = setInterval(tick, 1000);
  };

  const load = async () => {
    await sdk.ready;
    await sdk.scenesReady;
    if (disposed) return;
    const selected = sdk.activeScene(options.sceneId ? { sceneId: options.sceneId } : {});
    active.set(selected);
    // Each A/B test's exposure (the scene's, its floors'): once per shopper (the profile keeps it), never in a preview.
    for (const experiment of selected?.experiments ?? []) {
      if (sdk.preview || exposed.has(experiment.id) || own(sdk.profile?.peek().experiments ?? {}, experiment.id) === experiment.variant) continue;
      exposed.add(experiment.id);
      void sdk.track({ name: 'experiment_exposure', experiment_id: experiment.id, variant_id: experiment.variant });
    }
    status.set(selected ? 'ready' : 'none');
    if (!selected) return void (floors.set([]));
    floors.set(selected.floors.map((floor) => ({ floor, items: [], status: 'loading' })));
    await Promise.all(
      selected.floors.map(async (floor) => {
        let next: FloorState;
        try {
          // A live floor of streams alone has no products to fetch.
          const page = floor.source ? await sdk.recommend({ placement: `floor:${floor.id}`, filter: floor.source, limit: floor.limit, sort: floor.sort }) : { items: [] };
          next = { floor, items: page.items, status: 'ready' };
        } catch (error) {
          warnOnce(recommendMessages.recommendFailed(describeError(error)));
          next = { floor, items: [], status: 'error' };
        }
        if (!disposed) floors.set(floors.peek().map((f) => (f.floor.id === floor.id ? next : f)));
      }),
    );
  };

  return {
    active: active.readable as Readable<ActiveScene | null>,
    status: status.readable as Readable<'loading' | 'ready' | 'none'>,
    floors: floors.readable as Readable<FloorState[]>,
    activeFloor: activeFloor.readable as Readable<string | null>,
    coupons: coupons.readable as Readable<ReadonlyMap<string, 'claiming' | 'claimed' | 'error' | 'unavailable'>>,
    /** A floor as a GA4 promotion: `scene:floor` id, its title, the floor as creative slot. */
    promotion,
    /** The SDK's time, once a second while the page is visible (the countdown reads it). */
    clock: clock.readable as Readable<number>,
    /** Milliseconds to the next phase boundary (or the end), never below zero. */
    remaining: () => Math.max(0, (active.peek()?.nextBoundary ?? 0) - clock.peek()),
    /** The call to action for the current phase. */
    action: () => (active.peek() ? PHASE_ACTIONS[active.peek()!.phase] : null),
    /** Selects the scene, loads the floors and starts the countdown. */
    start() {
      if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
      onVisibility();
      return load();
    },
    /** Watches a floor's section: impressions and the elevator. Returns a function that stops it. */
    observeFloor(element: Element, floorId: string) {
      byElement.set(element, floorId);
      impressions.observe(element);
      elevator?.observe(element);
      return () => {
        impressions.unobserve(element);
        elevator?.unobserve(element);
      };
    },
    /** The elevator was used: light that floor at once (the scroll will confirm it). */
    goTo(floorId: string) {
      activeFloor.set(floorId);
    },
    /** Records `select_promotion` and claims the floor's coupon through the adapter or the host. */
    async claimCoupon(floorId: string) {
      const floor = floors.peek().find((f) => f.floor.id === floorId)?.floor;
      const state = floor?.coupon && coupons.peek().get(floor.coupon.id);
      if (!floor?.coupon || state === 'claiming' || state === 'claimed') return;
      const coupon = { id: floor.coupon.id, label: localize(floor.coupon.label, sdk.locale) };
      void sdk.track({ name: 'select_promotion', ...promotion(floor), promotion_id: coupon.id, promotion_name: coupon.label });
      if (sdk.canClaimCoupons && !sdk.canClaimCoupons()) {
        warnOnce(recommendMessages.couponUngranted);
        return coupons.set(new Map(coupons.peek()).set(coupon.id, 'unavailable'));
      }
      coupons.set(new Map(coupons.peek()).set(coupon.id, 'claiming'));
      const ok = await sdk.claimCoupon(coupon);
      coupons.set(new Map(coupons.peek()).set(coupon.id, ok ? 'claimed' : 'error'));
    },
    /** A click on a product: `select_item` with the floor as the list. */
    select(floorId: string, item: RankedItem, index: number) {
      void sdk.track({ name: 'select_item', item_list_id: `floor:${floorId}`, items: [{ ...productToItem(item.product), item_list_id: `floor:${floorId}`, index }] });
    },
    /** The phase's call to action on a product; returns the URL to go to, if the action navigates. */
    act(floorId: string, item: RankedItem, index: number): string | null {
      const phase = active.peek()?.phase;
      if (!phase) return null;
      const action = PHASE_ACTIONS[phase];
      void sdk.track({ name: action.event, items: [{ ...productToItem(item.product), item_list_id: `floor:${floorId}`, index, quantity: 1 }] });
      return action.navigate ? item.product.url : null;
    },
    /**
     * Shares a floor, a product or a stream: the link carries UTM parameters (campaign = scene, content
     * = what is shared) and, with consent, the shopper's referrer code. The device's share sheet where
     * there is one, else the clipboard; a `share` event once it went (its items feed AIPL advocacy).
     */
    async share(floorId: string, what: { item?: RankedItem; stream?: Stream } = {}): Promise<ShareOutcome> {
      const scene = active.peek()?.scene;
      const { item, stream } = what;
      const profile = sdk.consent?.() === 'granted' ? sdk.profile?.peek() : undefined;
      const referral = profile?.anonymousId ? referralCode(profile.anonymousId) : undefined;
      let url = item?.product.url ?? stream?.url ?? `#ss-floor-${floorId}`;
      const title = item?.product.title ?? localize(stream?.title ?? floors.peek().find((f) => f.floor.id === floorId)?.floor.title ?? '', sdk.locale);
      const nav = typeof navigator === 'object' ? navigator : undefined;
      let method: string;
      try {
        url = shareLink(url, { referral, campaign: scene?.id, content: item?.product.id ?? stream?.id ?? floorId });
        if (nav?.share) await nav.share({ title, url }), (method = 'web_share');
        else await nav!.clipboard.writeText(url), (method = 'copy_link');
      } catch (error) {
        return { outcome: (error as Error)?.name === 'AbortError' ? 'cancelled' : 'failed', url };
      }
      void sdk.track({
        name: 'share',
        method,
        content_type: item ? 'product' : stream ? 'live' : 'floor',
        ...(scene ? { utm_campaign: scene.id } : {}),
        ...(referral ? { referral } : {}),
        ...(item ? { items: [productToItem(item.product)] } : {}),
      });
      return { outcome: method === 'web_share' ? 'shared' : 'copied', url };
    },
    dispose() {
      disposed = true;
      clearInterval(timer);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
      impressions.disconnect();
      elevator?.disconnect();
    },
  };
}

/** An instance of the venue model. */
export type VenueModel = ReturnType<typeof createVenueModel>;

/** The venue model as a constructor: `new VenueModel(sdk, options)`. */
export const VenueModel = function VenueModel(sdk: VenueSource, options?: VenueOptions) {
  return createVenueModel(sdk, options);
} as unknown as new (sdk: VenueSource, options?: VenueOptions) => VenueModel;
