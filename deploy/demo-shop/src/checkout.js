// The checkout page's buttons. Each one produces a different signal on purpose (see README.md).
import { loadShippingRates } from './api.js';

/** Reads the card token the (imaginary) payment widget should have set; it never does. */
function cardToken(form) {
  return form.dataset.cardToken.trim(); // TypeError: dataset.cardToken is undefined
}

export function payNow(form) {
  const token = cardToken(form);
  return `paid with ${token}`;
}

/** A real, uncaught error thrown from a click handler: the SDK captures it with its stack. */
export function throwCheckoutError() {
  throw new Error('Demo shop: payment widget crashed (card token missing)');
}

export function setupCheckout(doc, status) {
  doc.getElementById('pay')?.addEventListener('click', () => {
    payNow(doc.getElementById('payment-form'));
  });
  doc.getElementById('crash')?.addEventListener('click', () => throwCheckoutError());
  doc.getElementById('slow')?.addEventListener('click', async () => {
    status('loading shipping rates…');
    const rates = await loadShippingRates();
    status(`shipping: ${rates.options.join(', ')}`);
  });
}
