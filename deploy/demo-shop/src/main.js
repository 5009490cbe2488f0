/* global document, window, history, location */
// Demo shop: a product list (index.html) and a checkout (checkout.html), bundled and minified by
// build.mjs with a source map, so the errors it throws symbolicate back to these files.
import { getJson } from './api.js';
import { setupCheckout } from './checkout.js';

const status = (text) => {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
};

function track(name, props) {
  // window.PulseTrace exists from the loader on (calls before the SDK loads are queued).
  window.PulseTrace?.track(name, props);
}

async function renderProducts() {
  const list = document.getElementById('products');
  if (!list) return;
  const { products } = await getJson('/api/products');
  for (const p of products) {
    const li = document.createElement('li');
    li.innerHTML = `<b>${p.name}</b> $${p.price.toFixed(2)} <button data-id="${p.id}">Add to cart</button>
      <a href="/product/${p.id}" data-spa>details</a>`;
    list.appendChild(li);
  }
  list.addEventListener('click', (e) => {
    const id = e.target?.dataset?.id;
    if (!id) return;
    const p = products.find((x) => x.id === id);
    track('add_to_cart', { product_id: p.id, price: p.price });
    status(`added ${p.name}`);
  });
}

/** Client-side navigation for product details: the SDK records a route change, not a page load. */
function setupSpaLinks() {
  document.addEventListener('click', (e) => {
    const a = e.target?.closest?.('a[data-spa]');
    if (!a) return;
    e.preventDefault();
    history.pushState({}, '', a.getAttribute('href'));
    status(`viewing ${location.pathname}`);
  });
}

setupSpaLinks();
setupCheckout(document, status);
renderProducts().catch((err) => status(String(err)));
