import { createRoot } from 'react-dom/client';
import { WindowMasonry } from 'virtua';
import { Card, loadProducts } from './card.tsx';

const products = await loadProducts();
createRoot(document.getElementById('root')!).render(
  <WindowMasonry data={products} lanes={5} gap={12}>
    {(product) => <Card key={product.id} product={product} />}
  </WindowMasonry>,
);
