// What the loader and its parts share: the loader makes a Host, the waterfall part an Engine from it.
import type { Coupon, DeliveryFailure, FeedSource, Outbox, Preview, Product, Readable, Recommender, SceneConfig, Tracker, VenueSource } from '@shopscene/core';
import type { Settings } from './settings.ts';

/** What the loader gives its parts. */
export interface Host {
  tracker: Tracker;
  settings: Settings;
  /** Every product seen, by id: the tracker fills in events from it. */
  products: Map<string, Product>;
  now: () => number;
  /** Set while previewing; what the preview asks for is filled in once `previewReady` settles. */
  preview: Preview | null;
  previewReady: Promise<void>;
  /** The host page's coupon handler, if it has one now. */
  onCoupon: () => ((coupon: Coupon) => boolean | Promise<boolean>) | undefined;
  /** Fetches the static catalog; the first answer may already be on its way (the loader asks early). */
  fetchCatalog: typeof fetch;
}

/** Recommendations and scenes, made once per page by the waterfall part and shared with the venue. */
export interface Engine extends Recommender {
  readonly sceneConfig: Readable<SceneConfig | null>;
  readonly scenesReady: Promise<void>;
  scenesState(): 'none' | 'loading' | 'ready' | 'invalid';
  /** What widgets take as `shopscene`. */
  readonly sdk: FeedSource & VenueSource;
}

/** The waterfall part's exports. */
export interface WaterfallPart {
  createEngine(host: Host): Engine;
  mountGuessYouLike(host: Element, engine: Engine): () => void;
}

/** The festival part's exports. */
export interface FestivalPart {
  /** `page`: the script tag's API, for consent (a share link's referrer code) and the host's `onGroup`. */
  mountFestivalFloors(host: Element, engine: Engine, scene: string | undefined, page: Pick<VenueSource, 'consent' | 'onGroup'>): () => void;
}

/** The traits part's exports: what identify() checks traits with. */
export interface TraitsPart {
  parseTraits: typeof import('@shopscene/core').parseTraits;
}

/** The preview part's exports: only a preview's page needs them. */
export interface PreviewPart {
  readPreview(search: string): Preview | null;
}

/** The dataLayer part's exports: only a page with GTM's `dataLayer` (or gtag) needs it. */
export interface DataLayerPart {
  startDataLayerCapture(track: (event: Record<string, unknown>) => unknown, win: Window): () => void;
}

/** The outbox part's exports: only a page with a backend needs it. */
export interface OutboxPart {
  createRestOutbox(backend: { baseUrl: string; key?: string }, options: { onFailure: (failure: DeliveryFailure) => void; consent?: Parameters<Outbox['setConsent']>[0]; leaving?: () => boolean }): Outbox;
}
