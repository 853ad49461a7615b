// Storefront-like behaviour events as the pipeline stores them in the `events` stream (flattened `properties_*`, the
// enrichments `ua_device_class`, `ua_browser`, `geo_country`), the same script as dashboard-service's Java TestShop:
// landing, search, product views, cart, checkout, payment with failures and retries, refunds. A fixed seed makes every
// run the same; every KPI of the Sales overview pack has data (paid and failed payments, refunds, cancellations).
const PRODUCTS = ['p-1001', 'p-1002', 'p-1003', 'p-2001', 'p-2002', 'p-3001'];
const QUERIES = ['boots', 'winter jacket', 'socks', 'scarf', 'sneakers red'];
const METHODS = ['card', 'card', 'paypal', 'klarna'];
const REASONS = ['declined', 'insufficient_funds', 'timeout', 'provider_error'];
const DEVICES = ['Desktop', 'Phone', 'Tablet'];
const BROWSERS = ['Chrome', 'Safari', 'Firefox'];
const COUNTRIES = ['DE', 'FR', 'NL', 'CN'];

/** {@code sessions} sessions spread over the 40 minutes before {@code nowMs}: the events, oldest first. */
export function shopEvents(sessions, nowMs) {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = (items) => items[Math.floor(random() * items.length)];
  const events = [];
  let clock;
  const event = (base, type, properties) => {
    clock += 200 + Math.floor(random() * 800);
    const flat = Object.fromEntries(Object.entries(properties).map(([k, v]) => [`properties_${k}`, v]));
    events.push({ _timestamp: clock * 1000, type, ...base, ...flat });
  };
  for (let n = 0; n < sessions; n++) {
    clock = nowMs - 40 * 60_000 + Math.floor((n * 2_400_000) / sessions);
    const base = { session_id: `s-${n}`, ua_device_class: pick(DEVICES), ua_browser: pick(BROWSERS), geo_country: pick(COUNTRIES) };
    if (random() > 0.25) base.user_id = `u-${Math.floor(random() * (n / 2 + 1))}`;
    event(base, 'page_view', { url: '/', page_type: 'home' });
    event(base, 'search', { query: pick(QUERIES), results_count: n % 9 === 0 ? 0 : 1 + Math.floor(random() * 30) });
    const views = 1 + Math.floor(random() * 3);
    for (let v = 0; v < views; v++) event(base, 'product_view', { product_id: pick(PRODUCTS), price: 49.9, currency: 'EUR' });
    if (n % 2 === 1) continue; // half the sessions only browse
    const quantity = 1 + (n % 3 === 0 ? 1 : 0);
    event(base, 'add_to_cart', { product_id: pick(PRODUCTS), quantity, price: 49.9, currency: 'EUR' });
    if (n % 8 === 6) continue; // an abandoned cart
    const amount = Math.round(quantity * 49.9 * 100 + 490) / 100;
    const order = `o-${n}`;
    const method = pick(METHODS);
    event(base, 'checkout_start', { value: amount, currency: 'EUR' });
    event(base, 'order_placed', { order_id: order, amount, currency: 'EUR', payment_method: method });
    // every fifth order fails once before it is paid; every twentieth fails three times and is cancelled
    const failures = n % 20 === 10 ? 3 : n % 5 === 0 ? 1 : 0;
    for (let attempt = 1; attempt <= failures; attempt++) {
      event(base, 'payment_failed', { order_id: order, amount, currency: 'EUR', reason: pick(REASONS), payment_method: method, provider: 'acmepay', attempt });
    }
    if (failures === 3) {
      event(base, 'order_cancelled', { order_id: order, reason: 'payment_failed' });
      continue;
    }
    event(base, 'payment_succeeded', { order_id: order, amount, currency: 'EUR', payment_method: method, provider: 'acmepay', attempt: failures + 1, duration_ms: 350 });
    if (n % 7 === 0) event(base, 'refund', { order_id: order, amount, currency: 'EUR', reason: 'customer_request' });
  }
  return events;
}
