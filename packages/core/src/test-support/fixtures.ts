import type { Product } from '../adapters/product.ts';
import type { EventInput, ShopEvent } from '../events/event-schema.ts';

let counter = 0;

/** A complete event for tests of the pure core; time and ids are given, never read from a clock. */
export function event(input: EventInput, time: number): ShopEvent {
  return { ...input, event_id: `e${++counter}`, time, anonymous_id: 'a1', session_id: 's1' };
}

/** A product with sensible defaults. */
export function product(id: string, category: string[], popularity: number, extra: Partial<Product> = {}): Product {
  return {
    id,
    title: `Product ${id}`,
    url: `/p/${id}`,
    price: 10,
    currency: 'USD',
    categories: category,
    tags: [],
    image: { url: `/img/${id}.jpg`, width: 600, height: 800 },
    popularity,
    inStock: true,
    ...extra,
  };
}

/** 60 products in three categories; popularity falls with the id so "popular" has an order. */
export function catalog(): Product[] {
  const groups = [
    ['Food & Drink', 'Groceries'],
    ['Electronics', 'Smartphones'],
    ['Fashion', 'Shoes'],
  ];
  return Array.from({ length: 60 }, (_, i) => product(`p${i}`, groups[i % 3]!, 1000 - i * 10, { brand: `Brand${i % 5}` }));
}

export const DAY = 86_400_000;
