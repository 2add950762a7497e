// The cards of the campaign floors: a group-buy card (group price, group size, who joined, time
// left, "Start a group" / "Join the group") and a live-stream entry (live, upcoming or replay by its
// schedule). Both are `.ss-fcard` tiles, so a floor's list moves through them with the arrow keys.
// Loaded on demand: only a venue with a "group-buy" or "live" floor fetches this, its strings and styles.
import { createCampaignFloors, localize, type CampaignFloors, type RankedItem, type Stream, type VenueModel } from '@shopscene/core';
import { resolveLocale } from '../i18n/messages.ts';
import { adoptStyles } from '../ui/adopt-styles.ts';
import { campaignCss } from './campaign-styles.ts';
import { formatPrice } from '../ui/format-price.ts';
import { el } from '../ui/product-card.ts';
// From the venue itself (which loads this): so this file shares the venue's chunks instead of splitting them.
import { button, formatRemaining, isoTime, media, type CardContext } from './venue-view.ts';

const en = {
  groupPrice: 'Group price',
  groupOf: (size: number) => `${size}-person group`,
  joined: (joined: number, size: number) => `${joined} of ${size} joined`,
  startGroup: 'Start a group',
  joinGroup: 'Join the group',
  inGroup: '✓ You are in the group',
  groupFailed: 'Could not join — try again',
  groupUnavailable: 'Group buying is not available right now',
  closesIn: 'Closes in',
  closed: 'Closed',
  stream: { live: 'Live now', upcoming: 'Upcoming', replay: 'Replay', ended: 'Ended' },
  startsAt: (time: string) => `Starts ${time}`,
  hostedBy: (host: string) => `with ${host}`,
};

/** The campaign cards' strings, by locale. */
export const CAMPAIGN_MESSAGES: Record<string, typeof en> = {
  en,
  'zh-CN': {
    groupPrice: '拼团价',
    groupOf: (size) => `${size}人团`,
    joined: (joined, size) => `已有 ${joined}/${size} 人参团`,
    startGroup: '发起拼团',
    joinGroup: '立即参团',
    inGroup: '✓ 已参团',
    groupFailed: '参团失败，请重试',
    groupUnavailable: '暂时无法拼团',
    closesIn: '距结束',
    closed: '已结束',
    stream: { live: '直播中', upcoming: '预告', replay: '回放', ended: '已结束' },
    startsAt: (time) => `${time} 开播`,
    hostedBy: (host) => `主播：${host}`,
  },
};

/** Adds the cards' styles where the venue is drawn (its shadow root or the document). */
export function campaignStyles(node: Node): void {
  if (node instanceof ShadowRoot || node instanceof Document) adoptStyles(node, campaignCss);
}

const messagesFor = (locale: string) => CAMPAIGN_MESSAGES[resolveLocale(locale)] ?? en;

const campaigns = new WeakMap<VenueModel, CampaignFloors>();
/** The venue's group-buy and live-stream behaviour, made with its first card; a group's change redraws the cards. */
function campaignOf(ctx: CardContext): CampaignFloors {
  let campaign = campaigns.get(ctx.model);
  if (!campaign) {
    campaign = createCampaignFloors(ctx.shopscene, ctx.model);
    campaigns.set(ctx.model, campaign);
    campaign.groups.subscribe(ctx.refresh);
  }
  return campaign;
}

/** A product on a group-buy floor. */
export function groupCard(item: RankedItem, index: number, floorId: string, ctx: CardContext): HTMLElement {
  const { model, locale } = ctx;
  const campaign = campaignOf(ctx);
  const venue = messagesFor(locale);
  const { product } = item;
  const floor = model.floors.peek().find((f) => f.floor.id === floorId)!.floor;
  const price = el('span', '');
  const was = el('s', '');
  const link = el(
    'a',
    '',
    media(product.image.url, product.image.width, product.image.height, product.image.alt ?? ''),
    el('span', 'ss-ftitle', product.title),
    el('span', 'ss-fprice', el('small', '', venue.groupPrice), ' ', price, ' ', was),
  );
  link.href = product.url;
  link.onclick = () => model.select(floorId, item, index);
  const size = el('span', 'ss-gsize');
  const bar = el('progress', '');
  const joined = el('span', '');
  const time = el('time', '');
  const left = el('p', 'ss-gtime');
  const action = button('ss-cta', '', () => void campaign.joinGroup(floorId, item, index));
  const card = el('article', 'ss-fcard ss-group', link, el('p', 'ss-gmeta', size, ' ', joined), bar, left, action, ctx.share({ item }, product.title));
  card.dataset.itemId = product.id;
  ctx.every(card, () => {
    const deal = campaign.deal(floor, item);
    const state = campaign.groups.peek().get(`${floorId}:${product.id}`);
    const open = deal.endsAt > model.clock.peek();
    price.textContent = formatPrice(deal.price, product.currency, locale);
    was.textContent = deal.price < product.price ? formatPrice(product.price, product.currency, locale) : '';
    size.textContent = venue.groupOf(deal.size);
    joined.textContent = venue.joined(deal.joined, deal.size);
    Object.assign(bar, { max: deal.size, value: deal.joined });
    bar.setAttribute('aria-label', joined.textContent);
    time.dateTime = isoTime(deal.endsAt);
    time.textContent = formatRemaining(deal.endsAt - model.clock.peek(), locale);
    left.replaceChildren(...(!open ? [venue.closed] : time.dateTime ? [venue.closesIn, ' ', time] : []));
    const label =
      state === 'joined' ? venue.inGroup : state === 'error' ? venue.groupFailed : state === 'unavailable' ? venue.groupUnavailable : deal.joined ? venue.joinGroup : venue.startGroup;
    if (action.textContent !== label) action.textContent = label;
    action.disabled = !open && state !== 'joined';
    action.setAttribute('aria-pressed', String(state === 'joined'));
    action.setAttribute('aria-busy', String(state === 'joining'));
  });
  return card;
}

/** A live stream's entry on a live floor: its cover, state (live, upcoming, replay), title and host. */
export function streamCard(stream: Stream, floorId: string, ctx: CardContext): HTMLElement {
  const { locale } = ctx;
  const campaign = campaignOf(ctx);
  const venue = messagesFor(locale);
  const title = localize(stream.title, locale);
  const badge = el('span', 'ss-badge');
  const when = el('span', 'ss-when');
  const cover = media(stream.cover.image, stream.cover.width, stream.cover.height, stream.cover.alt ? localize(stream.cover.alt, locale) : '');
  cover.append(badge);
  const link = el('a', '', cover, el('span', 'ss-ftitle', title), el('span', 'ss-host', venue.hostedBy(localize(stream.host, locale))), when);
  link.onclick = () => campaign.watch(floorId, stream);
  const card = el('article', 'ss-fcard ss-live', link, ctx.share({ stream }, title));
  card.dataset.streamId = stream.id;
  let shown = '';
  ctx.every(card, () => {
    const { state, start } = campaign.stream(stream);
    if (state === shown) return;
    shown = state;
    card.dataset.state = state;
    badge.textContent = venue.stream[state];
    link.href = state === 'replay' ? stream.replay! : stream.url;
    let time = '';
    try {
      time = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(start);
    } catch {}
    when.textContent = state === 'upcoming' ? venue.startsAt(time) : '';
  });
  return card;
}
