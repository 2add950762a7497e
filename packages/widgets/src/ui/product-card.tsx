import type { FeedCard } from '@shopscene/core';
import { useEffect, useRef } from 'preact/hooks';
import { formatPrice } from './format-price.ts';

/** Height of a card's text block in px; fixed (titles clamp to two lines) so boxes are known up front. */
export const CARD_INFO_HEIGHT = 96;

/** Props of {@link ProductCard}. */
export interface ProductCardProps {
  card: FeedCard;
  /** The card's box, from the masonry layout. */
  box: { x: number; y: number; width: number; imageHeight: number };
  locale?: string;
  observe?: (element: Element, id: string) => () => void;
  onSelect?: (id: string) => void;
  onDislike?: (id: string, element: HTMLElement) => void;
}

/** One product in a waterfall: image (box reserved from its size), title, price, why it is shown, "not interested". */
export function ProductCard({ card, box, locale, observe, onSelect, onDislike }: ProductCardProps) {
  const { product } = card;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => (ref.current && observe ? observe(ref.current, product.id) : undefined), [observe, product.id]);
  const onSale = product.originalPrice !== undefined && product.originalPrice > product.price;
  return (
    <article
      ref={ref}
      class="ss-card"
      data-item-id={product.id}
      aria-posinset={card.index + 1}
      aria-setsize={-1}
      style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.width}px`, height: `${box.imageHeight + CARD_INFO_HEIGHT}px` }}
    >
      <a class="ss-link" href={product.url} onClick={() => onSelect?.(product.id)}>
        <span class="ss-media" style={{ height: `${box.imageHeight}px` }}>
          <img
            src={product.image.url}
            width={product.image.width}
            height={product.image.height}
            alt={product.image.alt ?? ''}
            loading="lazy"
            decoding="async"
          />
        </span>
        <span class="ss-info">
          <span class="ss-title">{product.title}</span>
          <span class="ss-price">
            {formatPrice(product.price, product.currency, locale)}
            {onSale && <s class="ss-was">{formatPrice(product.originalPrice!, product.currency, locale)}</s>}
          </span>
          <span class="ss-reason">{card.reason}</span>
        </span>
      </a>
      {onDislike && (
        <button
          type="button"
          class="ss-dislike"
          aria-label={`Not interested in ${product.title}`}
          title="Not interested"
          onClick={(e) => onDislike(product.id, e.currentTarget.closest('.ss-card') as HTMLElement)}
        >
          ×
        </button>
      )}
    </article>
  );
}
