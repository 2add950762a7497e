import { Masonry } from 'masonic';
import { createRoot } from 'react-dom/client';
import { Card, loadProducts, type BenchProduct } from './card.tsx';

const render = ({ data, width }: { data: BenchProduct; width: number }) => <Card product={data} width={width} />;
const products = await loadProducts();
createRoot(document.getElementById('root')!).render(
  <Masonry items={products} render={render} columnCount={5} columnGutter={12} rowGutter={12} overscanBy={2} itemKey={(p: BenchProduct) => p.id} />,
);
