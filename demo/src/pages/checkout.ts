import { readCart, writeCart } from '../cart.ts';
import { money } from '../catalog.ts';
import { renderShell, showProfilePanel, withShopscene } from '../shell.ts';

void renderShell();
withShopscene(showProfilePanel);

const el = document.getElementById('checkout')!;
const lines = readCart();
if (!lines.length) {
  el.innerHTML = `<p class="muted">Nothing to check out. <a href="/">Back to the store</a>.</p>`;
} else {
  const total = lines.reduce((s, l) => s + l.price * l.quantity, 0);
  el.innerHTML = `<form id="order"><p>${lines.length} product(s), total <b>${money(total)}</b>.</p>
    <label>Name <input required name="name" autocomplete="name"></label>
    <button id="place">Place order</button></form>`;
  document.getElementById('order')!.addEventListener('submit', (e) => {
    e.preventDefault();
    const transaction_id = `T-${Date.now().toString(36)}`;
    // What a merchant's order-confirmation page pushes: a GA4 purchase.
    withShopscene((sdk) =>
      void sdk.track({
        name: 'purchase',
        transaction_id,
        value: Math.round(total * 100) / 100,
        currency: 'USD',
        items: lines.map((l) => ({
          item_id: l.id,
          item_name: l.title,
          price: l.price,
          quantity: l.quantity,
          ...(l.brand ? { item_brand: l.brand } : {}),
          ...Object.fromEntries(l.categories.map((c, i) => [i ? `item_category${i + 1}` : 'item_category', c])),
        })),
      }),
    );
    writeCart([]);
    el.innerHTML = `<p role="status">Thank you! Order <b>${transaction_id}</b> is placed.</p><p><a href="/">Keep shopping</a></p>`;
  });
}
