// The demo store's own code (not the SDK): reads the catalog and renders plain HTML a merchant's
// server would have sent, marked up with shopscene's data attributes.
export interface DemoProduct {
  id: string;
  title: string;
  url: string;
  price: number;
  currency: string;
  originalPrice?: number;
  brand?: string;
  categories: string[];
  tags: string[];
  image: { url: string; width: number; height: number; alt?: string };
  rating?: number;
  popularity: number;
  description?: string;
}

let loading: Promise<DemoProduct[]> | undefined;

export function loadCatalog(): Promise<DemoProduct[]> {
  return (loading ??= fetch('/generated/catalog.json').then((r) => r.json() as Promise<DemoProduct[]>));
}

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export const money = (n: number, currency = 'USD') => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(n);

/** The data attributes that let shopscene read a product from markup. */
export function itemAttributes(p: DemoProduct): string {
  return [
    `data-shopscene-item="${esc(p.id)}"`,
    `data-shopscene-name="${esc(p.title)}"`,
    p.brand ? `data-shopscene-brand="${esc(p.brand)}"` : '',
    `data-shopscene-category="${esc(p.categories.join(' > '))}"`,
    `data-shopscene-price="${p.price}"`,
  ].join(' ');
}

/** A product tile, as a category or search page lists it. */
export function tile(p: DemoProduct): string {
  return `<a class="tile" href="${esc(p.url)}" ${itemAttributes(p)}>
    <img src="${esc(p.image.url)}" width="${p.image.width}" height="${p.image.height}" alt="" loading="lazy">
    <span class="tile-title">${esc(p.title)}</span>
    <span class="tile-price">${money(p.price, p.currency)}</span>
  </a>`;
}

export function categoriesOf(catalog: DemoProduct[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const p of catalog) {
    const [group, leaf] = p.categories as [string, string];
    const leaves = groups.get(group) ?? [];
    if (!leaves.includes(leaf)) leaves.push(leaf);
    groups.set(group, leaves);
  }
  return groups;
}
