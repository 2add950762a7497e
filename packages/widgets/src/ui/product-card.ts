import type { FeedCard } from '@shopscene/core';
import type { WidgetMessages } from '../i18n/messages.ts';
import { formatPrice } from './format-price.ts';

/** Height of a card's text block in px; fixed (titles clamp to two lines) so boxes are known up front. */
export const CARD_INFO_HEIGHT = 96;

/** Why a card is shown, in the shopper's language. */
export function reasonText(card: FeedCard, text: WidgetMessages): string {
  const r = text.reason;
  switch (card.kind) {
    case 'viewed':
    case 'related':
    case 'category':
    case 'brand':
    case 'search':
    case 'scene':
      return r[card.kind](card.because);
    case 'reminder':
    case 'popular':
    case 'explore':
      return r[card.kind];
    default:
      return text.forYou;
  }
}

/** An element with a class, children, and text set as text (never parsed as markup). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/**
 * One product of a waterfall as an `article` of the feed: image (its box reserved from its size),
 * title, price, why it is shown, and "not interested" when `dislike` is given. Position and tab order
 * are the view's to set. Product text goes in as text, so a title with markup stays text. `idPrefix`
 * keeps ids apart when several feeds share a document.
 */
export function createProductCard(card: FeedCard, text: WidgetMessages, locale: string, dislike: boolean, idPrefix = 'ss'): HTMLElement {
  const { product } = card;
  const titleId = `${idPrefix}-t-${card.index}`;
  const img = document.createElement('img');
  Object.assign(img, { src: product.image.url, width: product.image.width, height: product.image.height, alt: product.image.alt ?? '', loading: 'lazy', decoding: 'async' });
  const price = el('span', 'ss-price', formatPrice(product.price, product.currency, locale));
  if (product.originalPrice !== undefined && product.originalPrice > product.price) price.append(el('s', 'ss-was', formatPrice(product.originalPrice, product.currency, locale)));
  const title = el('span', 'ss-title', product.title);
  title.id = titleId;
  const link = el('a', 'ss-link', el('span', 'ss-media', img), el('span', 'ss-info', title, price, el('span', 'ss-reason', reasonText(card, text))));
  link.href = product.url;
  const article = el('article', 'ss-card', link);
  article.dataset.itemId = product.id;
  article.dataset.index = String(card.index);
  article.setAttribute('aria-posinset', String(card.index + 1));
  article.setAttribute('aria-labelledby', titleId);
  if (dislike) {
    const button = el('button', 'ss-dislike', '×');
    button.type = 'button';
    button.title = text.notInterestedShort;
    button.setAttribute('aria-label', text.notInterested(product.title));
    article.append(button);
  }
  return article;
}
