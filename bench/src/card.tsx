// The card both peers render: the same markup and sizes as the waterfall's.
export interface BenchProduct {
  id: string;
  title: string;
  url: string;
  price: number;
  image: { url: string; width: number; height: number; alt: string };
}

const price = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' });

export function Card({ product, width }: { product: BenchProduct; width?: number }) {
  const { image } = product;
  return (
    <article className="card" data-item-id={product.id}>
      <a href={product.url}>
        <span className="media" style={width ? { height: Math.round((width * image.height) / image.width) } : { aspectRatio: `${image.width} / ${image.height}` }}>
          <img src={image.url} width={image.width} height={image.height} alt={image.alt} loading="lazy" decoding="async" />
        </span>
        <span className="info">
          <span className="title">{product.title}</span>
          <span className="price">{price.format(product.price)}</span>
          <span className="reason">Popular right now</span>
        </span>
      </a>
    </article>
  );
}

/** The catalog, fetched as the widget fetches it. */
export const loadProducts = (): Promise<BenchProduct[]> => fetch('/catalog.json').then((r) => r.json());
