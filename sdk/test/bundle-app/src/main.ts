// A small app bundled and minified by the symbolication test (esbuild, or esbuild then terser),
// then loaded by pages/bundle.html. Each button fails in its own way and its own module.
import { addToCart } from './cart';
import { submitOrder } from './checkout';
import { Inventory } from './inventory';

document.getElementById('add')?.addEventListener('click', () => {
  addToCart({ sku: 'A-1', quantity: 0 });
});

document.getElementById('order')?.addEventListener('click', () => {
  void submitOrder('ord-1');
});

document.getElementById('audit')?.addEventListener('click', () => {
  new Inventory().audit();
});
