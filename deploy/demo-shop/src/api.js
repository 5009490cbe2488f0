/* global fetch */
// Calls to the shop's own API (server.mjs). Plain fetch: the SDK records each one as an HTTP span.
export async function getJson(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return res.json();
}

/** The "slow fetch" button: the server holds the answer for `ms`, so it shows in HTTP p95. */
export function loadShippingRates(ms = 1500) {
  return getJson(`/api/slow?ms=${ms}`);
}
