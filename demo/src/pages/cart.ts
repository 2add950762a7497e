import { readCart, writeCart } from '../cart.ts';
import { esc, money } from '../catalog.ts';
import { renderShell, showProfilePanel, withShopscene } from '../shell.ts';

void renderShell();
withShopscene(showProfilePanel);

function draw() {
  const lines = readCart();
  const el = document.getElementById('cart')!;
  if (!lines.length) {
    el.innerHTML = `<p class="muted">Your cart is empty. <a href="/">Find something you like</a>.</p>`;
    return;
  }
  const total = lines.reduce((s, l) => s + l.price * l.quantity, 0);
  el.innerHTML = `<table class="cart-table"><thead><tr><th>Product</th><th>Qty</th><th>Price</th><th></th></tr></thead><tbody>
    ${lines
      .map(
        (l) => `<tr data-shopscene-item="${esc(l.id)}" data-shopscene-name="${esc(l.title)}" data-shopscene-category="${esc(l.categories.join(' > '))}" data-shopscene-price="${l.price}">
        <td>${esc(l.title)}</td><td>${l.quantity}</td><td>${money(l.price * l.quantity)}</td>
        <td><button type="button" data-remove="${esc(l.id)}" data-shopscene-action="remove_from_cart" data-shopscene-quantity="${l.quantity}">Remove</button></td></tr>`,
      )
      .join('')}</tbody></table>
    <p><b>Total ${money(total)}</b></p>
    <a class="button" href="/checkout.html" data-shopscene-action="begin_checkout">Checkout</a>`;
  el.querySelectorAll<HTMLButtonElement>('[data-remove]').forEach((b) =>
    b.addEventListener('click', () => {
      writeCart(readCart().filter((l) => l.id !== b.dataset.remove));
      draw();
    }),
  );
}
draw();
