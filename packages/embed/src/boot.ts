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
import { createDeferredOutbox } from './deferred-outbox.ts';
import type { DataLayerPart, Engine, FestivalPart, Host, OutboxPart, PreviewPart, WaterfallPart } from './host.ts';
import { createPartLoader, type PartState } from './load-part.ts';
import { readSettings } from './settings.ts';
import { loadTraitsWith } from './traits-on-demand.ts';

/** A queued call: `['track', {...}]`, `['identify', {...}]`, `['consent', 'granted']`, or a function given the SDK. */
export type Command = [string, ...unknown[]] | ((shopscene: EmbedApi) => unknown);

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

const PLACEHOLDERS = '[data-shopscene="guess-you-like"], [data-shopscene="festival-floors"], shopscene-guess-you-like, shopscene-festival-floors';

function warn(message: string) {
  try {
    console.warn(`shopscene: ${message}`);
  } catch {}
}

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
      if (!starting && settings.catalog && !settings.api) {
        try {
          (early = fetch(settings.catalog, { credentials: 'same-origin' })).catch(() => {});
        } catch {} // a page's own fetch that throws: the adapter asks again, and says why
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

    const commands: Record<string, (...args: unknown[]) => unknown> = {
      track: (e) => api.track(e),
      identify: (t) => api.identify(t),
      consent: (c) => api.setConsent(c as 'granted'),
      forget: () => api.forget(),
      flush: () => api.flush(),
      // ['onCoupon', (coupon) => true]: the host grants coupons claimed on a festival floor.
      onCoupon: (fn) => void (api.onCoupon = fn as EmbedApi['onCoupon']),
      // ['onGroup', (group) => true]: the host lets the shopper start or join a group on a group-buy floor.
      onGroup: (fn) => void (api.onGroup = fn as EmbedApi['onGroup']),
      // ['onDeliveryFailure', (failure) => …]: told about events the backend refused or the full queue shed.
      onDeliveryFailure: (fn) => void (api.onDeliveryFailure = fn as EmbedApi['onDeliveryFailure']),
      serverTime: (ms) => api.setServerTimeOffset(Number(ms) - Date.now()),
    };
    function run(command: Command): void {
      try {
        if (typeof command === 'function') return void Promise.resolve(command(api)).catch((e) => warn(`a queued function failed: ${e}`));
        if (!Array.isArray(command)) return warn('ignored a queued command that is not an array');
        const [name, ...args] = command;
        const call = typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
        if (!call) return warn(`unknown command "${String(name)}" in the queue; known: ${Object.keys(commands).join(', ')}`);
        void Promise.resolve(call(...args)).catch((e) => warn(`${name} failed: ${e}`));
      } catch (error) {
        warn(`a queued command failed: ${error}`);
      }
    }

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
    const mounted = new WeakMap<Element, { stop?: () => void }>();
    const mount = (el: Element) => {
      if (mounted.has(el)) return;
      const entry: { stop?: () => void } = {};
      mounted.set(el, entry);
      const venue = el.getAttribute('data-shopscene') === 'festival-floors' || el.localName === 'shopscene-festival-floors';
      void Promise.all([useEngine(), venue ? parts.load<FestivalPart>('festival') : parts.load<WaterfallPart>('waterfall')])
        .then(([e, part]) => {
          if (mounted.get(el) !== entry) return; // removed (or mounted again) meanwhile
          const scene = el.getAttribute('scene') ?? el.getAttribute('data-scene') ?? undefined;
          entry.stop = venue ? (part as FestivalPart).mountFestivalFloors(el, e, scene, api) : (part as WaterfallPart).mountGuessYouLike(el, e);
        })
        .catch((error: unknown) => {
          if (mounted.get(el) === entry) mounted.delete(el);
          warn(`a widget could not load (${error instanceof Error ? error.message : String(error)}); the rest of the page works without it`);
        });
    };
    const unmount = (el: Element) => {
      mounted.get(el)?.stop?.();
      mounted.delete(el);
    };
    defineElements(win, mount, unmount);
    const scan = (root: ParentNode) => {
      const found = root instanceof Element && root.matches(PLACEHOLDERS) ? [root] : [...root.querySelectorAll(PLACEHOLDERS)];
      for (const el of found) if (!el.localName.startsWith('shopscene-')) mount(el);
    };
    scan(doc);
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) scan(n);
    }).observe(doc.documentElement, { childList: true, subtree: true });

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

/** Our custom elements: they mount while connected, and mount again when an attribute changes. */
function defineElements(win: Window, mount: (el: Element) => void, unmount: (el: Element) => void) {
  const registry = win.customElements;
  if (!registry) return;
  const attributes = ['page-size', 'heading', 'placement', 'locale', 'scene', 'dislike', 'scheme', 'max-items'];
  for (const name of ['shopscene-guess-you-like', 'shopscene-festival-floors']) {
    if (registry.get(name)) continue;
    registry.define(
      name,
      class extends HTMLElement {
        static get observedAttributes() {
          return attributes;
        }
        connectedCallback() {
          mount(this);
        }
        disconnectedCallback() {
          unmount(this);
        }
        attributeChangedCallback(_name: string, before: string | null, after: string | null) {
          if (before === after || !this.isConnected) return;
          unmount(this);
          mount(this);
        }
      },
    );
  }
}
