import { localize, PHASE_ACTIONS, VenueModel, type FloorState, type RankedItem, type Shopscene } from '@shopscene/core';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { GuessYouLike } from '../guess-you-like/guess-you-like.tsx';
import { adoptStyles } from '../ui/adopt-styles.ts';
import { formatPrice } from '../ui/format-price.ts';
import { festivalFloorsCss } from './styles.ts';

/** Props of {@link FestivalFloors}. */
export interface FestivalFloorsProps {
  shopscene: Shopscene;
  /** Show this scene (when active for the shopper); by default the one selected for them. */
  scene?: string;
  /** Show the scene-themed "guess you like" waterfall at the bottom. @default true */
  waterfall?: boolean;
}

const zh = (locale: string) => locale.toLowerCase().startsWith('zh');
const pad = (n: number) => String(n).padStart(2, '0');

/** `2d 03:04:05` (or `03:04:05` under a day). */
export function formatRemaining(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const clock = `${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return d ? `${d}d ${clock}` : clock;
}

const COUNTDOWN_LABEL: Record<string, [string, string]> = {
  growing: ['Warm-up starts in', '预热倒计时'],
  harvest: ['The big day starts in', '正式开抢倒计时'],
  nurture: ['The big day ends in', '活动返场倒计时'],
  end: ['Ends in', '距结束'],
};
const PHASE_NAME: Record<string, [string, string]> = {
  seeding: ['Coming soon', '种草期'],
  growing: ['Warm-up', '预热期'],
  harvest: ['On now', '爆发期'],
  nurture: ['Last chance', '返场期'],
};

function ProductTile({ item, index, floorId, model, locale, label }: { item: RankedItem; index: number; floorId: string; model: VenueModel; locale: string; label: string }) {
  const [done, setDone] = useState(false);
  const { product } = item;
  return (
    <article class="ss-fcard" data-item-id={product.id}>
      <a href={product.url} onClick={() => model.select(floorId, item, index)}>
        <span class="ss-fmedia" style={{ aspectRatio: `${product.image.width} / ${product.image.height}` }}>
          <img src={product.image.url} width={product.image.width} height={product.image.height} alt={product.image.alt ?? ''} loading="lazy" decoding="async" />
        </span>
        <span class="ss-ftitle">{product.title}</span>
        <span class="ss-fprice">{formatPrice(product.price, product.currency, locale)}</span>
      </a>
      <button
        type="button"
        class="ss-cta"
        aria-pressed={done}
        onClick={() => {
          const go = model.act(floorId, item, index);
          setDone(true);
          if (go) location.assign(go);
        }}
      >
        {label}
      </button>
    </article>
  );
}

function FloorSection({ state, model, locale, sectionRef }: { state: FloorState; model: VenueModel; locale: string; sectionRef: (el: HTMLElement | null) => void }) {
  const { floor, items, status } = state;
  const list = useRef<HTMLUListElement>(null);
  const coupon = floor.coupon;
  const couponState = coupon ? model.coupons.value.get(coupon.id) : undefined;
  const phase = model.active.value!.phase;
  const action = PHASE_ACTIONS[phase];
  const label = zh(locale) ? action.labelZh : action.label;
  const scrollBy = (dir: number) => list.current?.scrollBy({ left: dir * list.current.clientWidth * 0.8, behavior: 'smooth' });
  return (
    <section ref={sectionRef} class={`ss-floor ss-floor-${floor.layout}`} id={`ss-floor-${floor.id}`} data-floor={floor.id} aria-labelledby={`ss-floor-title-${floor.id}`}>
      <div class="ss-floor-head">
        <h3 id={`ss-floor-title-${floor.id}`} tabIndex={-1}>
          {localize(floor.title, locale)}
        </h3>
        {floor.subtitle && <p>{localize(floor.subtitle, locale)}</p>}
        {floor.layout === 'carousel' && (
          <span class="ss-carousel-controls">
            <button type="button" aria-label="Scroll back" onClick={() => scrollBy(-1)}>
              ‹
            </button>
            <button type="button" aria-label="Scroll on" onClick={() => scrollBy(1)}>
              ›
            </button>
          </span>
        )}
        {coupon && (
          <button type="button" class="ss-coupon" aria-pressed={couponState === 'claimed'} aria-busy={couponState === 'claiming'} onClick={() => void model.claimCoupon(floor.id)}>
            {couponState === 'claimed'
              ? `✓ ${zh(locale) ? '已领取' : 'Claimed'}: ${localize(coupon.label, locale)}`
              : couponState === 'error'
                ? `${zh(locale) ? '领取失败，重试' : 'Could not claim — try again'}`
                : `${zh(locale) ? '领券' : 'Get coupon'}: ${localize(coupon.label, locale)}`}
          </button>
        )}
      </div>
      {status === 'loading' ? (
        <div class="ss-skeleton-row" aria-busy="true" aria-label="Loading products" />
      ) : items.length ? (
        <ul class="ss-items" ref={list} tabIndex={floor.layout === 'carousel' ? 0 : undefined} aria-label={localize(floor.title, locale)}>
          {items.map((item, i) => (
            <li key={item.product.id}>
              <ProductTile item={item} index={i} floorId={floor.id} model={model} locale={locale} label={label} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="ss-venue-note">{status === 'error' ? 'These products could not be loaded.' : 'Nothing on this floor right now.'}</p>
      )}
    </section>
  );
}

/**
 * A festival venue: the themed header with a countdown to the next phase, a sticky floor
 * navigation ("elevator"), the floors in their layouts with coupons and phase-aware calls to
 * action, and a scene-themed waterfall. Behaviour is the VenueModel's; this only renders it.
 */
export function FestivalFloors({ shopscene, scene, waterfall = true }: FestivalFloorsProps) {
  const model = useMemo(() => new VenueModel(shopscene, scene ? { sceneId: scene } : {}), [shopscene, scene]);
  useEffect(() => {
    void model.start();
    return () => model.dispose();
  }, [model]);
  const root = useRef<HTMLDivElement>(null);
  const sections = useRef(new Map<string, HTMLElement>());
  const unobserve = useRef(new Map<string, () => void>());
  useLayoutEffect(() => {
    const node = root.current?.getRootNode();
    if (node instanceof ShadowRoot || node instanceof Document) adoptStyles(node, festivalFloorsCss);
  });
  useEffect(() => () => unobserve.current.forEach((stop) => stop()), [model]);

  const locale = shopscene.locale;
  const status = model.status.value;
  const active = model.active.value;
  if (status === 'loading') {
    return (
      <div ref={root} class="ss-venue" aria-busy="true">
        <p class="ss-venue-note">{zh(locale) ? '会场加载中…' : 'Loading the event…'}</p>
      </div>
    );
  }
  if (!active) {
    return (
      <div ref={root} class="ss-venue" role="status">
        <p class="ss-venue-note">{zh(locale) ? '当前没有进行中的活动。' : 'No event is running right now.'}</p>
      </div>
    );
  }
  const { scene: s, theme } = active;
  const vars = theme
    ? {
        '--ss-primary': theme.colors.primary,
        '--ss-bg': theme.colors.background,
        '--ss-text': theme.colors.text,
        ...(theme.colors.accent ? { '--ss-accent': theme.colors.accent } : {}),
        ...(theme.radius !== undefined ? { '--ss-radius': `${theme.radius}px` } : {}),
      }
    : {};
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  const jump = (floorId: string) => {
    const section = sections.current.get(floorId);
    if (!section) return;
    model.goTo(floorId);
    section.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
    section.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
  };
  const countdownKey = active.nextPhase ?? 'end';
  const pick = ([en, cn]: [string, string]) => (zh(locale) ? cn : en);
  const preview = shopscene.preview;
  return (
    <div ref={root} class="ss-venue" style={vars} data-scene={s.id} data-phase={active.phase}>
      {preview && (
        <p class="ss-preview" role="status">
          {zh(locale) ? '预览' : 'Preview'} · {new Date(shopscene.now()).toISOString().slice(0, 16).replace('T', ' ')} UTC
          {preview.traits && Object.keys(preview.traits).length ? ` · ${Object.entries(preview.traits).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}
          {zh(locale) ? ' — 不会保存任何数据' : ' — nothing is saved'}
        </p>
      )}
      <header class="ss-venue-header">
        {theme?.banner && <img class="ss-banner" src={theme.banner.image} width={theme.banner.width} height={theme.banner.height} alt={localize(theme.banner.alt, locale)} />}
      </header>
      <div class="ss-venue-title">
        <h2>
          {localize(s.title, locale)}
          <span class="ss-phase">{pick(PHASE_NAME[active.phase]!)}</span>
        </h2>
        {s.subtitle && <p>{localize(s.subtitle, locale)}</p>}
      </div>
      {s.countdown && (
        <p class="ss-countdown" role="timer" aria-live="off">
          <span>{pick(COUNTDOWN_LABEL[countdownKey]!)}</span>
          <time dateTime={new Date(active.nextBoundary).toISOString()}>{formatRemaining(model.remaining.value)}</time>
        </p>
      )}
      <nav class="ss-elevator" aria-label={zh(locale) ? '楼层' : 'Floors'}>
        <ul>
          {model.floors.value.map(({ floor }) => (
            <li key={floor.id}>
              <a
                href={`#ss-floor-${floor.id}`}
                aria-current={model.activeFloor.value === floor.id ? 'true' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  jump(floor.id);
                }}
              >
                {localize(floor.title, locale)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {model.floors.value.map((state) => (
        <FloorSection
          key={state.floor.id}
          state={state}
          model={model}
          locale={locale}
          sectionRef={(el) => {
            const id = state.floor.id;
            if (el && sections.current.get(id) !== el) {
              unobserve.current.get(id)?.();
              sections.current.set(id, el);
              unobserve.current.set(id, model.observeFloor(el, id));
            }
          }}
        />
      ))}
      {waterfall && (
        <GuessYouLike
          shopscene={shopscene}
          placement={`scene:${s.id}`}
          heading={zh(locale) ? `${localize(s.title, locale)} · 猜你喜欢` : `More for ${localize(s.title, locale)}`}
          {...(s.waterfall?.pageSize ? { pageSize: s.waterfall.pageSize } : {})}
          {...(s.waterfall?.columns ? { columns: Object.fromEntries(Object.entries(s.waterfall.columns).map(([k, v]) => [Number(k), v])) } : {})}
        />
      )}
    </div>
  );
}
