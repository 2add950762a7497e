// The demo store's cart, in its own localStorage key (the SDK keeps nothing there).
import type { DemoProduct } from './catalog.ts';

export interface CartLine {
  id: string;
  title: string;
  price: number;
  quantity: number;
  brand?: string;
  categories: string[];
}

const KEY = 'demo-cart';

export function readCart(): CartLine[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as CartLine[];
  } catch {
    return [];
  }
}

export function writeCart(lines: CartLine[]): void {
  localStorage.setItem(KEY, JSON.stringify(lines));
  document.dispatchEvent(new CustomEvent('demo-cart'));
}

export function addToCart(p: DemoProduct): void {
  const lines = readCart();
  const line = lines.find((l) => l.id === p.id);
  if (line) line.quantity++;
  else lines.push({ id: p.id, title: p.title, price: p.price, quantity: 1, categories: p.categories, ...(p.brand ? { brand: p.brand } : {}) });
  writeCart(lines);
}
