import {
  createTracker,
  initialConsent,
  oneEventPerAction,
  productToItem,
  sdkClock,
  startAutoCapture,
  type Coupon,
  type DeliveryFailure,
  type Diagnostics,
  type GroupJoin,
  type Preview,
  type Product,
  type RecommendPage,
  type RecommendRequest,
  type Tracker,
} from '@shopscene/core';
import { createCommandRunner, type Command as QueuedCommand } from './command-queue.ts';
import { createDeferredOutbox } from './deferred-outbox.ts';
import type { DataLayerPart, Engine, FestivalPart, Host, OutboxPart, PreviewPart, WaterfallPart } from './host.ts';
import { createPartLoader, type PartState } from './load-part.ts';
import { readSettings } from './settings.ts';
import { loadTraitsWith } from './traits-on-demand.ts';
import { mountWidgets } from './mount-widgets.ts';
import { warn } from './warn.ts';

/** A queued call, given the script tag's API (see command-queue.ts). */
export type Command = QueuedCommand<EmbedApi>;

/** The script-tag API: the tracker, recommendations on demand, and `push`, which keeps working after load. */
export interface EmbedApi extends Omit<Tracker, 'storageKind'> {
  push(...commands: Command[]): number;
  recommend(request?: RecommendRequest): Promise<RecommendPage>;
  activeScene: Engine['activeScene'];
  claimCoupon(coupon: Coupon): Promise<boolean>;
  canClaimCoupons(): boolean;
  product(id: string): Product | undefined;
  /** Settles once the scene config has loaded (it loads with the first widget that needs it). */
  readonly scenesReady: Promise<void>;
  now(): number;
  setServerTimeOffset(ms: number): void;
  readonly preview: Preview | null;
  readonly locale: string;
  onCoupon?: (coupon: Coupon) => boolean | Promise<boolean>;
  onGroup?: (group: GroupJoin) => boolean | Promise<boolean>;
  onDeliveryFailure?: (failure: DeliveryFailure) => void;
  diagnostics(): Diagnostics & { parts: Record<string, PartState> };
}

/** The part files, content-hashed by the build, relative to the loader's folder. */
export type PartFiles = Record<'waterfall' | 'festival' | 'outbox' | 'datalayer' | 'preview' | 'traits', string>;

/**
 * Starts the script tag: reads its settings, creates the tracker (and the outbox for `data-api`),
 * replays the queue, and fetches the parts a page needs — the waterfall for its placeholders, the
 * venue for a festival floor — from its own folder. Never throws into the page.
 */
export function boot(win: Window & { shopscene?: unknown }, script: HTMLScriptElement | null, files: PartFiles): EmbedApi | undefined {
  try {
    const doc = win.document;
    const queued = Array.isArray(win.shopscene) ? (win.shopscene as Command[]) : [];
    // Consent must be known before anything is stored: a queued ['consent', …] or data-consent="…" decides it.
    const settings = readSettings(script, doc, queued);
    const search = win.location.search;
    const asked = /[?&]shopscene-preview-/.test(search);
    if (asked && !settings.previewByUrl) warn('preview parameters in the URL are ignored: this store has not turned previews on (data-preview="url")');
    // A preview: read-only from the start; what it asks for (time, audience, variants) comes with its part.
    const preview: Preview | null = asked && settings.previewByUrl ? {} : null;
    const clock = sdkClock(null);
    const products = new Map<string, Product>();
    let eventsTracked = 0;
    let lastEvent: string | null = null;

    const parts = createPartLoader(settings.base, files);
    loadTraitsWith(() => parts.load('traits'));
    const previewReady = preview
      ? parts.load<PreviewPart>('preview').then(
          (part) => {
            Object.assign(preview, part.readPreview(search));
            if (preview.time !== undefined) clock.startAt(preview.time);
          },
          (error: unknown) => warn(`the preview could not load (${error}); showing now, as everyone`),
        )
      : Promise.resolve();
    // With a backend, events go through the outbox; it comes with the REST part, fetched at once.
    const backend = settings.api ? { baseUrl: settings.api, ...(settings.key ? { key: settings.key } : {}) } : undefined;
    const outbox =
      settings.api && !preview
        ? createDeferredOutbox(backend!, () => parts.load<OutboxPart>('outbox').then((part) => (options) => part.createRestOutbox(backend!, options)), {
            consent: initialConsent({ ...(settings.consent ? { consent: settings.consent } : {}) }),
            onFailure: (failure) => {
              try {
                api.onDeliveryFailure?.(failure);
              } catch (error) {
                warn(`onDeliveryFailure failed: ${error}`);
              }
            },
          })
        : undefined;
    const tracker = createTracker({
      ...(settings.consent ? { consent: settings.consent } : {}),
      dropParams: settings.dropParams,
      ...(outbox ? { outbox } : {}),
      now: clock.now,
      ...(preview ? { readOnly: true } : {}),
      enrichItem(item) {
        const product = products.get(item.item_id);
        return product ? { ...productToItem(product), ...item } : item;
      },
    });
    tracker.onEvent((event) => {
      eventsTracked++;
      lastEvent = event.name;
    });

    /** The static catalog, asked for while the waterfall part is still on its way (its first fetch only). */
    let early: Promise<Response> | undefined;
    const host: Host = {
      tracker,
      settings,
      products,
      now: clock.now,
      preview,
      previewReady,
      onCoupon: () => api.onCoupon,
      fetchCatalog: (url, init) => {
        const response = early ?? fetch(url, init);
        early = undefined;
        return response;
      },
    };
    let engine: Engine | undefined;
    let starting: Promise<Engine> | undefined;
    /** The recommender: made by the waterfall part, the first time anything needs it. */
    const useEngine = () => {
      if (!starting) {
        try {
          if (settings.catalog && !settings.api) (early = fetch(settings.catalog, { credentials: 'same-origin' })).catch(() => {});
          // Number formatting started on another thread for the cards' prices (see warm-intl-worker.js).
          // From another origin (a CDN) this throws, and the widget starts it when it draws.
          new Worker(new URL('parts/intl.js', settings.base));
        } catch {} // (after a page's own fetch that throws, no worker: the adapter asks again, and says why)
      }
      return (starting ??= parts.load<WaterfallPart>('waterfall').then(
        (part) => (engine = part.createEngine(host)),
        (error: unknown) => {
          starting = undefined; // a later widget may try again
          throw error;
        },
      ));
    };

    const api: EmbedApi = {
      ...tracker,
      push(...commands) {
        for (const command of commands) run(command);
        return commands.length;
      },
      recommend: (request) => useEngine().then((e) => e.recommend(request)),
      activeScene: (options) => engine?.activeScene(options) ?? null,
      claimCoupon: (coupon) => useEngine().then((e) => e.claimCoupon(coupon)),
      canClaimCoupons: () => !!api.onCoupon,
      product: (id) => products.get(id),
      get scenesReady() {
        return useEngine().then((e) => e.scenesReady);
      },
      now: clock.now,
      setServerTimeOffset: clock.setOffset,
      preview,
      locale: settings.locale,
      diagnostics: () => ({
        storage: tracker.storageKind(),
        consent: tracker.consent(),
        eventsTracked,
        lastEvent,
        productsKnown: products.size,
        scenes: engine?.scenesState() ?? 'none',
        preview: !!preview,
        delivery: outbox?.status() ?? null,
        parts: parts.states(),
      }),
    };

    const run = createCommandRunner(api);
    win.shopscene = api;
    for (const command of queued) run(command);

    // A button with data-shopscene-action and the store's own GA4 push for the same click: one event.
    const once = oneEventPerAction();
    const fromMarkup = once('markup');
    const fromDataLayer = once('dataLayer');
    startAutoCapture((event) => fromMarkup(event) && api.track(event), doc);
    // GTM's dataLayer (or gtag): its part loads only where there is one, now or once the page has loaded
    // (we never create it: that would be a second global). Pushes made meanwhile wait in the array.
    const dataLayer = () =>
      Array.isArray((win as { dataLayer?: unknown }).dataLayer) &&
      parts.load<DataLayerPart>('datalayer').then(
        (part) => part.startDataLayerCapture((event) => fromDataLayer(event) && api.track(event), win),
        (error: unknown) => warn(`GA4 pushes are not tracked: ${error}`),
      );
    if (settings.dataLayer && !dataLayer()) win.addEventListener('load', dataLayer); // (load fires once)

    // Widgets: placeholders in the markup, and our custom elements in any framework.
    mountWidgets(win, (el, venue) =>
      Promise.all([useEngine(), venue ? parts.load<FestivalPart>('festival') : parts.load<WaterfallPart>('waterfall')]).then(([e, part]) => () => {
        const scene = el.getAttribute('scene') ?? el.getAttribute('data-scene') ?? undefined;
        return venue ? (part as FestivalPart).mountFestivalFloors(el, e, scene, api) : (part as WaterfallPart).mountGuessYouLike(el, e);
      }),
    );

    // Write the profile before the page goes away (bfcache-friendly: pagehide, not unload).
    win.addEventListener('pagehide', () => void api.flush().catch(() => {}));
    doc.addEventListener('visibilitychange', () => {
      if (doc.visibilityState === 'hidden') void api.flush().catch(() => {});
    });
    return api;
  } catch (error) {
    warn(`could not start: ${error}`);
    return undefined;
  }
}
