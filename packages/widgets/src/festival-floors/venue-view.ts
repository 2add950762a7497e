import { createVenueModel, localize, readableOn, type ActiveScene, type FeedSource, type FloorState, type RankedItem, type Stream, type VenueModel, type VenueSource } from '@shopscene/core';
import { createWaterfallView } from '../guess-you-like/waterfall-view.ts';
import { drawWhenLoaded, loadMessages, MESSAGES, resolveLocale, type WidgetMessages } from '../i18n/messages.ts';
import { loadVenueMessages, VENUE_MESSAGES, type VenueMessages } from './venue-messages.ts';
import { adoptStyles } from '../ui/adopt-styles.ts';
import { formatPrice } from '../ui/format-price.ts';
import { el } from '../ui/product-card.ts';
import { festivalFloorsCss } from './styles.ts';

/** Floor layouts whose cards load on demand (with their strings and styles). */
const CAMPAIGN_LAYOUTS: ReadonlySet<string> = new Set(['group-buy', 'live']);

/** Options of the venue (the `FestivalFloors` component's props). */
export interface VenueViewOptions {
  /** The SDK instance (`createShopscene(...)`). */
  shopscene: VenueSource & FeedSource;
  /** Show this scene (when active for the shopper); by default the one selected for them. */
  scene?: string;
  /** Show the scene-themed "guess you like" waterfall at the bottom. @default true */
  waterfall?: boolean;
  /** @default the SDK's, else the page's `lang`, else the browser's */
  locale?: string;
}

/** `2d 03:04:05` (or `03:04:05` under a day), the days in the shopper's words: `2天 03:04:05`. */
export function formatRemaining(ms: number, locale = 'en'): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const d = Math.floor(s / 86_400);
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(Math.floor((s % 86_400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  if (!d) return clock;
  let days: string;
  try {
    days = new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'narrow' }).format(d);
  } catch {
    days = `${d}d`;
  }
  return `${days} ${clock}`;
}

/** An instant as a `<time datetime>` value; '' for one a Date cannot hold (beyond ±8.64e15 ms, NaN). */
export const isoTime = (ms: number): string => (Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : '');

/** Runs `draw`; what it throws is named in one console warning and `fallback` is drawn instead, so one bad card or floor costs only itself. */
export function isolated<T>(what: string, draw: () => T, fallback: () => T): T {
  try {
    return draw();
  } catch (error) {
    try {
      console.warn(`shopscene: ${what} could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
    } catch {}
    return fallback();
  }
}

/** What a card needs from its venue: the model, strings, locale, a share button, and a way to update each second. */
export interface CardContext {
  shopscene: VenueSource;
  model: VenueModel;
  venue: VenueMessages;
  locale: string;
  /** A share button for what the card shows (or nothing, when the floor turned sharing off). */
  share: (what: { item?: RankedItem; stream?: Stream }, title: string) => HTMLElement | '';
  /** Runs `update` now and on every tick of the venue's clock while `node` is in the page. */
  every: (node: Element, update: () => void) => void;
  /** Runs every card's update now (e.g. a group's state changed). */
  refresh: () => void;
  /** The group-buy and live-stream cards: undefined while they load, null when they could not. */
  cards?: CampaignCards | null;
}

/** The group-buy and live-stream cards (campaign-cards.ts, which draws with this file's helpers), as the venue uses them. */
export interface CampaignCards {
  /** Adds their stylesheet to the venue's root. */
  campaignStyles(node: Node): void;
  groupCard(item: RankedItem, index: number, floorId: string, ctx: CardContext): HTMLElement;
  streamCard(stream: Stream, floorId: string, ctx: CardContext): HTMLElement;
}

/** A button with text. */
export const button = (className: string, label: string, onClick: () => void) => {
  const b = el('button', className, label);
  b.type = 'button';
  b.onclick = onClick;
  return b;
};

/** The picture of a card, its box reserved from its size. */
export function media(url: string, width: number, height: number, alt: string): HTMLElement {
  const img = el('img', '');
  Object.assign(img, { src: url, width, height, alt, loading: 'lazy', decoding: 'async' });
  const box = el('span', 'ss-fmedia', img);
  box.style.aspectRatio = `${width} / ${height}`;
  return box;
}

/**
 * The theme as custom properties: the host's own `--ss-*` values still win (they are read first). Set
 * through the CSSOM (`style.setProperty`), which a strict CSP allows, never as a `style` attribute
 * (`style-src-attr`), which it refuses.
 */
function applyTheme(root: HTMLElement, active: ActiveScene | null): void {
  for (let i = root.style.length; i--; ) root.style.removeProperty(root.style.item(i));
  const c = active?.theme?.colors;
  if (!c) return;
  const vars: [string, string][] = [
    ['--_primary', `var(--ss-primary, ${c.primary})`],
    ['--_on-primary', `var(--ss-on-primary, ${readableOn(c.primary)})`],
    ['--_bg', `var(--ss-background, ${c.background})`],
    ['--_text', `var(--ss-text, ${c.text})`],
  ];
  if (c.accent) vars.push(['--_accent', `var(--ss-accent, ${c.accent})`], ['--_on-accent', readableOn(c.accent)]);
  if (active.theme?.radius !== undefined) vars.push(['--_radius', `var(--ss-radius, ${active.theme.radius}px)`]);
  for (const [k, v] of vars) root.style.setProperty(k, v);
}

/** Roving focus in a floor's list: one tile in the tab order; arrows, Home and End move between tiles. */
function rovingList(list: HTMLElement) {
  const tiles = () => [...list.querySelectorAll<HTMLElement>('.ss-fcard')];
  const select = (tile: HTMLElement) => {
    for (const t of tiles()) for (const f of t.querySelectorAll<HTMLElement>('a, button')) f.tabIndex = t === tile ? 0 : -1;
  };
  const first = tiles()[0];
  if (first) select(first);
  list.addEventListener('focusin', (e) => {
    const tile = (e.target as Element).closest<HTMLElement>('.ss-fcard');
    if (tile) select(tile);
  });
  list.addEventListener('keydown', (e) => {
    const all = tiles();
    const at = all.indexOf((e.target as Element).closest<HTMLElement>('.ss-fcard')!);
    const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[e.key];
    const tile = to === undefined || at < 0 ? undefined : all[Math.max(0, Math.min(all.length - 1, to))];
    if (!tile) return;
    e.preventDefault();
    select(tile);
    tile.querySelector<HTMLElement>('a')!.focus();
  });
}

/**
 * Draws a venue (see createVenueView, which gives it the campaign cards' loader: the cards import this
 * file's helpers, so this file cannot import them).
 */
export function drawVenueView(container: HTMLElement | ShadowRoot, options: VenueViewOptions, loadCards: () => Promise<CampaignCards>): { destroy(): void } {
  const locale = resolveLocale(options.locale ?? options.shopscene.locale);
  // The venue's strings and its waterfall's, loaded together for a language other than English.
  const text = MESSAGES[locale];
  const venue = VENUE_MESSAGES[locale];
  return drawWhenLoaded(
    text && venue ? ([text, venue] as const) : undefined,
    () => Promise.all([loadMessages(locale), loadVenueMessages(locale)]),
    ([text, venue]) => drawVenue(container, options, locale, text, venue, loadCards),
  );
}

function drawVenue(
  container: HTMLElement | ShadowRoot,
  options: VenueViewOptions,
  locale: string,
  text: WidgetMessages,
  venue: VenueMessages,
  loadCards: () => Promise<CampaignCards>,
): { destroy(): void } {
  const { shopscene, waterfall = true } = options;
  const model = createVenueModel(shopscene, options.scene ? { sceneId: options.scene } : {});
  const root = el('div', 'ss-venue');
  container.append(root);
  const node = root.getRootNode();
  if (node instanceof ShadowRoot || node instanceof Document) adoptStyles(node, festivalFloorsCss);
  const reduced = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

  const sections = new Map<string, { state: FloorState; node: HTMLElement; stop: () => void }>();
  /** What changes with the clock or a group's state: group timers and stream states. */
  const updates = new Map<Element, () => void>();
  const update = () => {
    for (const [node, run] of updates) if (!node.isConnected || !isolated('a card', () => (run(), true), () => false)) updates.delete(node);
  };
  // One message at a time about a share: polite, and the link itself when it could not be copied.
  const toast = el('div', 'ss-toast');
  toast.setAttribute('role', 'status');
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  const say = (message: string, link?: string, back?: HTMLElement) => {
    clearTimeout(toastTimer);
    toast.replaceChildren(message);
    toast.hidden = false;
    if (link) {
      const field = el('input', '');
      Object.assign(field, { value: link, readOnly: true });
      field.setAttribute('aria-label', message);
      toast.append(field, button('', venue.done, () => ((toast.hidden = true), back?.focus())));
      field.focus();
      field.select();
    } else toastTimer = setTimeout(() => (toast.hidden = true), 5000);
  };
  const ctx: CardContext = {
    shopscene,
    model,
    refresh: update,
    venue,
    locale,
    share(what, title) {
      const b = button('ss-share', '↗', async () => {
        const floorId = b.closest<HTMLElement>('[data-floor]')?.dataset.floor ?? '';
        const { outcome, url } = await model.share(floorId, what);
        if (outcome !== 'cancelled') say(outcome === 'shared' ? venue.shared : outcome === 'copied' ? venue.copied : venue.copyThis, outcome === 'failed' ? url : undefined, b);
      });
      b.setAttribute('aria-label', venue.shareItem(title));
      b.title = venue.share;
      return b;
    },
    every(node, run) {
      updates.set(node, run);
      run();
    },
  };
  let cardsAsked = false;
  let arrived = false;
  let time: HTMLTimeElement | undefined;
  let nav: HTMLElement | undefined;
  let floorsBox: HTMLElement | undefined;
  let view: { destroy(): void } | undefined;
  let scene = '';

  const clearFloors = () => {
    for (const s of sections.values()) s.stop();
    sections.clear();
  };
  const build = () => {
    clearFloors();
    view?.destroy();
    view = undefined;
    root.replaceChildren();
    const status = model.status.peek();
    const active = model.active.peek();
    applyTheme(root, status === 'loading' ? null : active);
    if (status === 'loading' || !active) {
      root.setAttribute('aria-busy', String(status === 'loading'));
      const note = el('p', 'ss-venue-note', status === 'loading' ? venue.loading : venue.none);
      if (!active && status !== 'loading') note.setAttribute('role', 'status');
      root.append(note);
      time = nav = floorsBox = undefined;
      return;
    }
    root.removeAttribute('aria-busy');
    const s = active.scene;
    scene = `${s.id}:${active.phase}`;
    root.dataset.scene = s.id;
    root.dataset.phase = active.phase;
    if (shopscene.preview) {
      const zone = s.schedule.timeZone;
      let when: string;
      try {
        when = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(shopscene.now());
      } catch {
        when = isoTime(shopscene.now());
      }
      const traits = Object.entries(shopscene.preview.traits ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
      const banner = el('p', 'ss-preview', venue.preview(when, zone, traits));
      banner.setAttribute('role', 'status');
      root.append(banner);
    }
    const banner = active.theme?.banner;
    if (banner) {
      const img = el('img', 'ss-banner');
      Object.assign(img, { src: banner.image, width: banner.width, height: banner.height, alt: localize(banner.alt, locale) });
      root.append(el('header', 'ss-venue-header', img));
    }
    const title = el('div', 'ss-venue-title', el('h2', '', localize(s.title, locale), el('span', 'ss-phase', venue.phase[active.phase])));
    if (s.subtitle) title.append(el('p', '', localize(s.subtitle, locale)));
    root.append(title);
    if (s.countdown) {
      time = el('time', '');
      time.dateTime = isoTime(active.nextBoundary);
      const countdown = el('p', 'ss-countdown', el('span', '', venue.countdown[(active.nextPhase ?? 'end') as 'end']), ' ', time);
      countdown.setAttribute('role', 'timer');
      countdown.setAttribute('aria-live', 'off');
      root.append(countdown);
      tick();
    } else time = undefined;
    nav = el('nav', 'ss-elevator', el('ul', ''));
    nav.setAttribute('aria-label', venue.floors);
    floorsBox = el('div', '');
    toast.hidden = true;
    root.append(nav, floorsBox, toast);
    floors();
    if (waterfall) {
      const host = el('div', 'ss-venue-waterfall');
      root.append(host);
      view = createWaterfallView(host, {
        shopscene,
        placement: `scene:${s.id}`,
        heading: text.moreFor(localize(s.title, locale)),
        locale,
        ...(s.waterfall?.pageSize ? { pageSize: s.waterfall.pageSize } : {}),
        ...(s.waterfall?.columns ? { columns: Object.fromEntries(Object.entries(s.waterfall.columns).map(([k, v]) => [Number(k), v])) } : {}),
      });
    }
  };

  /** The floors: a section each (drawn again only when its own state changed), and the elevator. */
  const floors = () => {
    if (!nav || !floorsBox) return;
    const states = model.floors.peek();
    const list = nav.firstElementChild!;
    list.replaceChildren(
      ...states.map(({ floor }) => {
        const a = el('a', '', localize(floor.title, locale));
        a.href = `#ss-floor-${floor.id}`;
        a.dataset.target = floor.id;
        a.onclick = (e) => {
          e.preventDefault();
          const section = sections.get(floor.id)?.node;
          if (!section) return;
          model.goTo(floor.id);
          section.scrollIntoView({ behavior: reduced() ? 'auto' : 'smooth', block: 'start' });
          section.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
        };
        return el('li', '', a);
      }),
    );
    // Group-buy and live floors draw with cards that load on demand: until then, as loading.
    if (ctx.cards === undefined && !cardsAsked && states.some(({ floor }) => CAMPAIGN_LAYOUTS.has(floor.layout))) {
      cardsAsked = true;
      void loadCards().then(
        (cards) => {
          cards.campaignStyles(root.getRootNode());
          ctx.cards = cards;
          for (const s of sections.values()) if (CAMPAIGN_LAYOUTS.has(s.state.floor.layout)) s.state = { ...s.state }; // drawn again
          floors();
        },
        () => {
          ctx.cards = null;
          floors();
        },
      );
    }
    for (const state of states) {
      const known = sections.get(state.floor.id);
      if (known?.state === state) continue;
      const section = isolated(`floor ${state.floor.id}`, () => floorSection(state, ctx, reduced), () => el('section', 'ss-floor', el('p', 'ss-venue-note', venue.floorFailed)));
      if (known) {
        known.stop();
        known.node.replaceWith(section);
      } else floorsBox.append(section);
      sections.set(state.floor.id, { state, node: section, stop: model.observeFloor(section, state.floor.id) });
      // A shared floor's link ends in #ss-floor-<id>: the page cannot see into our shadow root, so we scroll there.
      if (!arrived && typeof location === 'object' && location.hash === `#${section.id}` && state.status !== 'loading') {
        arrived = true;
        requestAnimationFrame(() => section.scrollIntoView({ block: 'start' }));
      }
    }
    highlight();
    coupons();
  };
  const highlight = () => {
    const current = model.activeFloor.peek();
    nav?.querySelectorAll('a').forEach((a) => (a.dataset.target === current ? a.setAttribute('aria-current', 'true') : a.removeAttribute('aria-current')));
  };
  const coupons = () => {
    const states = model.coupons.peek();
    for (const { state, node } of sections.values()) {
      const coupon = state.floor.coupon;
      const b = node.querySelector<HTMLButtonElement>('.ss-coupon');
      if (!coupon || !b) continue;
      const label = localize(coupon.label, locale);
      const claim = states.get(coupon.id);
      b.textContent = claim === 'claimed' ? venue.claimed(label) : claim === 'error' ? venue.claimFailed : claim === 'unavailable' ? venue.claimUnavailable : venue.getCoupon(label);
      b.setAttribute('aria-pressed', String(claim === 'claimed'));
      b.setAttribute('aria-busy', String(claim === 'claiming'));
    }
  };
  const tick = () => {
    if (time) time.textContent = formatRemaining(model.remaining(), locale);
    update();
  };

  const stops = [
    model.status.subscribe(build),
    model.active.subscribe(() => {
      const active = model.active.peek();
      if (!active || `${active.scene.id}:${active.phase}` !== scene) build();
    }),
    model.floors.subscribe(floors),
    model.activeFloor.subscribe(highlight),
    model.coupons.subscribe(coupons),
    model.clock.subscribe(tick),
  ];
  void model.start();

  return {
    destroy() {
      for (const stop of stops) stop();
      clearFloors();
      clearTimeout(toastTimer);
      view?.destroy();
      model.dispose();
      root.remove();
    },
  };
}

/** One floor: its heading, coupon, share button, and products (or streams) in the floor's layout. */
function floorSection(state: FloorState, ctx: CardContext, reduced: () => boolean): HTMLElement {
  const { model, venue, locale } = ctx;
  const { floor, items, status } = state;
  const title = localize(floor.title, locale);
  const section = el('section', `ss-floor ss-floor-${floor.layout}`);
  section.id = `ss-floor-${floor.id}`;
  section.dataset.floor = floor.id;
  section.setAttribute('aria-labelledby', `ss-floor-title-${floor.id}`);
  const h3 = el('h3', '', title);
  h3.id = `ss-floor-title-${floor.id}`;
  h3.tabIndex = -1;
  const head = el('div', 'ss-floor-head', h3);
  if (floor.subtitle) head.append(el('p', '', localize(floor.subtitle, locale)));
  section.append(head);
  let list: HTMLUListElement | undefined;
  if (floor.layout === 'carousel') {
    // For pointers; keyboards move through the list with the arrow keys.
    const scroll = (dir: number) => list?.scrollBy({ left: dir * list.clientWidth * 0.8, behavior: reduced() ? 'auto' : 'smooth' });
    const controls = el('span', 'ss-carousel-controls', button('', '‹', () => scroll(-1)), button('', '›', () => scroll(1)));
    controls.setAttribute('aria-hidden', 'true');
    controls.querySelectorAll('button').forEach((b, i) => ((b.tabIndex = -1), (b.title = i ? venue.on : venue.back)));
    head.append(controls);
  }
  if (floor.coupon) head.append(button('ss-coupon', '', () => void model.claimCoupon(floor.id)));
  const cards = floor.share ? ctx : { ...ctx, share: () => '' as const };
  if (floor.share) {
    const share = ctx.share({}, title) as HTMLElement;
    share.textContent = `↗ ${venue.share}`;
    share.classList.add('ss-share-floor');
    head.append(share);
  }
  const streams = ctx.cards ? (floor.streams ?? []).flatMap((stream: Stream) => isolated(`stream ${stream.id}`, () => [el('li', '', ctx.cards!.streamCard(stream, floor.id, cards))], () => [])) : [];
  const campaign = CAMPAIGN_LAYOUTS.has(floor.layout);
  if (status === 'loading' || (campaign && ctx.cards === undefined)) {
    // An indeterminate progress bar: a name on a plain div is not announced (and axe rejects it), and
    // a live region per floor would speak once for each.
    const skeleton = el('div', 'ss-skeleton-row');
    skeleton.setAttribute('role', 'progressbar');
    skeleton.setAttribute('aria-busy', 'true');
    skeleton.setAttribute('aria-label', venue.loadingProducts);
    section.append(skeleton);
  } else if (campaign && !ctx.cards) section.append(el('p', 'ss-venue-note', venue.floorFailed));
  else if (items.length || streams.length) {
    const tile = (item: RankedItem, i: number) => (floor.layout === 'group-buy' ? ctx.cards!.groupCard(item, i, floor.id, cards) : productTile(item, i, floor.id, cards));
    const tiles = items.flatMap((item, i) => isolated(`product ${item.product.id}`, () => [el('li', '', tile(item, i))], () => []));
    list = el('ul', 'ss-items', ...streams, ...tiles);
    list.setAttribute('aria-label', title);
    section.append(list);
    rovingList(list);
  } else section.append(el('p', 'ss-venue-note', status === 'error' ? venue.floorFailed : venue.floorEmpty));
  return section;
}

/** One product on a floor: a link to it, the phase's call to action, and a share button. */
function productTile(item: RankedItem, index: number, floorId: string, ctx: CardContext): HTMLElement {
  const { model, venue, locale } = ctx;
  const { product } = item;
  const picture = media(product.image.url, product.image.width, product.image.height, product.image.alt ?? '');
  const link = el('a', '', picture, el('span', 'ss-ftitle', product.title), el('span', 'ss-fprice', formatPrice(product.price, product.currency, locale)));
  link.href = product.url;
  link.onclick = () => model.select(floorId, item, index);
  const phase = model.active.peek()?.phase ?? 'seeding';
  const cta = button('ss-cta', venue.action[phase], () => {
    const go = model.act(floorId, item, index);
    cta.setAttribute('aria-pressed', 'true');
    if (go) location.assign(go);
  });
  cta.setAttribute('aria-pressed', 'false');
  const tile = el('article', 'ss-fcard', link, cta, ctx.share({ item }, product.title));
  tile.dataset.itemId = product.id;
  return tile;
}
