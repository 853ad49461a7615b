// The console in a real headless Chromium (Debian's chromium, driven by playwright-core; no browser is downloaded)
// against the real services started from their jars. Screenshots of each view go to target/console-screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ADMIN, moduleDir, serviceLog, startStack } from './stack.mjs';
import { traceFixture } from './fixtures.mjs';
import { shopEvents } from './shop.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const shots = path.join(moduleDir, 'target/console-screenshots');

if (!CHROMIUM) {
  const line = '!'.repeat(100);
  console.error(`${line}\n!!! NO CHROMIUM: the console's browser tests are SKIPPED. Install it (apt-get install -y chromium)\n` +
    `!!! or point CHROMIUM_PATH at one. .ci/run installs it, so CI runs them.\n${line}`);
}
const opts = { skip: !CHROMIUM && 'chromium is not installed', timeout: 120_000 };

let stack;
let browser;
const panelRequests = [];
const outside = [];
let page;
let now;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Node's fetch says only "fetch failed"; the cause (a reset, a refused connection) is what tells why. */
function withCause(what) {
  return (e) => {
    throw new Error(`${what}: ${e.message} (${e.cause?.code ?? e.cause?.message ?? 'no cause given'})`, { cause: e });
  };
}

async function apiAsAdmin(method, pathName, body) {
  const login = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(ADMIN),
  }).then((r) => r.json(), withCause('POST /api/v1/auth/login'));
  const r = await fetch(`${stack.baseUrl}${pathName}`, {
    method,
    headers: { Authorization: `Bearer ${login.access_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(withCause(`${method} ${pathName}`));
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${pathName}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Polls {@code condition} (a test-side fact, such as a request the fixture received) until it holds. */
async function until(condition, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function shot(name, fullPage = false) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
}

before(async () => {
  if (!CHROMIUM) return;
  mkdirSync(shots, { recursive: true });
  stack = await startStack({ fixtures: [traceFixture(TRACE_ID)] });
  now = Date.now();
  // log records as the pipeline stores them (levels in upper case), spread over the last 20 minutes
  const services = ['checkout', 'cart', 'payment', 'catalog'];
  const records = Array.from({ length: 60 }, (_, i) => ({
    _timestamp: (now - i * 20_000) * 1000,
    level: i % 10 === 0 ? 'ERROR' : i % 4 === 0 ? 'WARN' : 'INFO',
    service: services[i % services.length],
    message: i % 10 === 0 ? `payment provider timed out for order o-${1000 + i}` : `handled request ${i}`,
    trace_id: i === 0 ? TRACE_ID : undefined,
    order_id: `o-${1000 + i}`,
  }));
  await stack.storeIngest(records);
  // a second org, for the org switcher (the admin is a platform administrator: every org is theirs)
  await apiAsAdmin('POST', '/api/v1/orgs', { name: 'eu-shop' });
  // storefront traffic for the e-commerce packs (installed in the org by dashboard-service on its first request)
  await stack.storeIngest(shopEvents(200, now), 'events');
  // an alert fired the way Prometheus (or a ShopWatch rule) fires one: Alertmanager's API v2
  await apiAsAdmin('POST', '/api/v2/alerts', [
    {
      labels: { alertname: 'CheckoutErrorRate', severity: 'critical', service: 'checkout' },
      annotations: { summary: 'Checkout error rate above 5% for 5 minutes' },
      startsAt: new Date(now - 7 * 60_000).toISOString(),
    },
    // and one that fired for 20 minutes and resolved 10 minutes ago
    {
      labels: { alertname: 'CartLatencyHigh', severity: 'warning', service: 'cart' },
      annotations: { summary: 'Cart p95 latency above 800 ms' },
      startsAt: new Date(now - 30 * 60_000).toISOString(),
      endsAt: new Date(now - 10 * 60_000).toISOString(),
    },
  ]);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
      '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US', timezoneId: 'UTC' });
  page = await context.newPage();
  // a closed network: nothing but the console's own origin
  await page.route('**/*', (r) => {
    if (new URL(r.request().url()).hostname === '127.0.0.1') return r.continue();
    outside.push(r.request().url());
    return r.abort();
  });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // what the console asked dashboard-service for panel data
  page.on('request', (r) => {
    const m = /\/api\/v1\/dashboards\/[^/]+\/panels\/([^/]+)\/data$/.exec(new URL(r.url()).pathname);
    if (m && r.method() === 'POST') panelRequests.push({ panelId: decodeURIComponent(m[1]), body: r.postDataJSON() });
  });
}, { timeout: 1_000_000 });

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('signs in and lands on the console', opts, async () => {
  await page.goto(`${stack.baseUrl}/#/logs`);
  await page.fill('#username', ADMIN.username);
  await page.fill('#password', 'wrong-password');
  await page.click('button[type=submit]');
  await page.waitForSelector('.login .notice.error');
  await shot('login');
  await page.fill('#password', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('header.shell');
  assert.equal(await page.textContent('.shell .user'), 'admin');
  assert.equal(await page.inputValue('#org-switch'), 'default');
});

test('switches to another org and back without the password', opts, async () => {
  const dialogs = [];
  const onDialog = (d) => {
    dialogs.push(d.message());
    d.dismiss();
  };
  page.on('dialog', onDialog);
  await page.goto(`${stack.baseUrl}/#/alerts`);
  await page.waitForSelector('#org-switch option[value="eu-shop"]', { state: 'attached' });
  const me = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'GET');
  const switched = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/switch-org'));
  await page.selectOption('#org-switch', 'eu-shop');
  assert.equal((await switched).status(), 200);
  assert.equal((await (await me).json()).org, 'eu-shop', 'the new token is for eu-shop');
  await page.waitForFunction(() => document.querySelector('#org-switch')?.value === 'eu-shop');
  // the alert view follows the org: eu-shop has no firing alert
  await page.waitForSelector('#view .notice >> text=No alert is firing');
  await shot('org-switched');
  const back = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'GET');
  await page.selectOption('#org-switch', 'default');
  assert.equal((await (await back).json()).org, 'default');
  await page.waitForFunction(() => document.querySelector('#org-switch')?.value === 'default');
  page.off('dialog', onDialog);
  assert.deepEqual(dialogs, [], 'no password prompt');
});

test('searches logs and opens a record with its trace link', opts, async () => {
  await page.goto(`${stack.baseUrl}/#/logs`);
  try {
    await page.waitForSelector('#log-table tbody tr', { timeout: 30_000 });
  } catch (e) {
    throw new Error(`${e.message}\n${await page.textContent('main')}\n${serviceLog('logging-service')}`);
  }
  assert.equal(await page.locator('#log-table tbody tr').count(), 50, 'one page of 50');
  await page.click('#log-next');
  await page.waitForSelector('#log-table tbody tr >> nth=9');
  assert.equal(await page.locator('#log-table tbody tr').count(), 10, 'the remaining 10 on the second page');
  await page.selectOption('#log-level', 'error');
  await page.fill('#log-q', 'timed out');
  await page.click('#log-search');
  await page.waitForFunction(() => document.querySelectorAll('#log-table tbody tr').length === 6);
  await page.click('#log-table tbody tr >> nth=0');
  await page.waitForSelector('#log-detail:not([hidden]) .trace-link');
  const detail = await page.textContent('#log-detail');
  assert.match(detail, /payment provider timed out for order o-1000/);
  assert.equal(await page.getAttribute('#log-detail .trace-link', 'href'), `#/traces/${TRACE_ID}`);
  await shot('logs');
});

test('shows the fired alert and acknowledges it with a comment', opts, async () => {
  await page.goto(`${stack.baseUrl}/#/alerts`);
  const card = page.locator('#alert-groups article.card', { hasText: 'CheckoutErrorRate' });
  await card.waitFor({ timeout: 30_000 });
  assert.match(await card.textContent(), /critical/);
  // fired 7 minutes before the test posted it (the test may run a few minutes later on a loaded machine)
  const minutes = Number((await card.locator('.age').textContent()).replace(/m$/, ''));
  assert.ok(minutes >= 7 && minutes < 30, `age ${minutes}m`);
  await card.locator('.ack-comment').fill('looking into the payment provider');
  await card.locator('button.ack').click();
  await page.waitForSelector('#alert-groups article.card.acked .ack-info');
  await shot('alerts');
  const groups = await apiAsAdmin('GET', '/api/v1/alerts/groups');
  const group = groups.find((g) => g.labels.alertname === 'CheckoutErrorRate');
  assert.equal(group.ack.by, 'admin');
  assert.equal(group.ack.comment, 'looking into the payment provider');

  // on a phone: the same card, withdrawn and silenced from there
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#alert-groups article.card.acked button.unack').click();
  await page.waitForSelector('#alert-groups article.card:not(.acked) button.ack');
  assert.equal((await apiAsAdmin('GET', '/api/v1/alerts/groups')).find((g) => g.id === group.id).ack, null);
  await shot('alerts-phone');
  await page.locator('#alert-groups article.card button.silence').first().click();
  assert.match(await page.inputValue('#silence-matchers'), /alertname=CheckoutErrorRate/);
  await page.fill('#silence-comment', 'provider maintenance');
  await page.click('#silence-create');
  const silence = page.locator('#silence-list article.card', { hasText: 'provider maintenance' });
  await silence.waitFor();
  assert.match(await silence.textContent(), /active/);
  await shot('silences-phone');
  await silence.locator('button.expire').click();
  await page.locator('#silence-list article.card.silence-expired', { hasText: 'provider maintenance' }).waitFor();
  await page.setViewportSize({ width: 1280, height: 860 });
});

test('switches to the resolved groups with when they resolved', opts, async () => {
  await page.goto(`${stack.baseUrl}/#/alerts`);
  // the previous test left the silences tab open (tabs do not change the URL)
  await page.click('#tab-groups');
  await page.locator('#alert-groups article.card', { hasText: 'CheckoutErrorRate' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#alert-groups article.card', { hasText: 'CartLatencyHigh' }).count(), 0, 'not among the firing');
  await page.click('#groups-resolved');
  const card = page.locator('#resolved-groups article.card.resolved', { hasText: 'CartLatencyHigh' });
  await card.waitFor();
  assert.equal(await page.getAttribute('#groups-resolved', 'aria-pressed'), 'true');
  assert.equal(await page.locator('#resolved-groups article.card', { hasText: 'CheckoutErrorRate' }).count(), 0, 'the firing one is not resolved');
  assert.match(await card.locator('.badge').textContent(), /warning/);
  assert.match(await card.textContent(), /service=cart/);
  // resolved 10 minutes before the test posted it, after firing for 20 minutes
  const ago = Number(/resolved (\d+)m ago/.exec(await card.locator('.resolved-at').textContent())[1]);
  assert.ok(ago >= 10 && ago < 30, `resolved ${ago}m ago`);
  assert.match(await card.locator('.meta').textContent(), /fired for 20m/);
  const [group] = (await apiAsAdmin('GET', '/api/v1/alerts/groups?state=resolved')).filter((g) => g.labels.alertname === 'CartLatencyHigh');
  assert.equal(new Date(group.resolvedAt).getTime(), new Date(now - 10 * 60_000).getTime());
  await shot('alerts-resolved');
  await page.click('#groups-firing');
  await page.locator('#alert-groups article.card', { hasText: 'CheckoutErrorRate' }).waitFor();
});

test('switches the language to Chinese and the time zone', opts, async () => {
  await page.goto(`${stack.baseUrl}/#/logs`);
  await page.selectOption('#lang-switch', 'zh');
  await page.waitForSelector('nav >> text=日志');
  await page.selectOption('#tz-switch', 'Asia/Shanghai');
  await page.waitForSelector('#log-table tbody tr');
  const first = await page.textContent('#log-table tbody tr td.time');
  const expected = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }).format(new Date(now));
  assert.ok(first.includes(` ${expected}:`) || first.includes(`${expected}:`), `${first} in Shanghai time`);
  await shot('logs-zh');
  await page.selectOption('#lang-switch', 'en');
  await page.selectOption('#tz-switch', 'UTC');
});

test('opens the Sales overview pack and renders every panel from the store', opts, async () => {
  await page.goto(`${stack.baseUrl}/#/dashboards`);
  try {
    await page.waitForSelector('#dash-list section.folder', { timeout: 60_000 });
  } catch (e) {
    throw new Error(`${e.message}\n${await page.textContent('main')}\n${serviceLog('dashboard-service')}`);
  }
  assert.deepEqual(await page.$$eval('#dash-list section.folder', (s) => s.map((x) => x.dataset.folder)), ['E-commerce']);
  assert.deepEqual(await page.$$eval('#dash-list li a', (a) => a.map((x) => x.textContent).sort()), ['Sales overview', 'Site health', 'User behaviour']);
  await page.fill('#dash-search', 'sales');
  await page.waitForFunction(() => document.querySelectorAll('#dash-list li').length === 1);
  await page.click('#dash-list a >> text=Sales overview');
  const PANELS = ['Panel_ID_gmv', 'Panel_ID_aov', 'Panel_ID_conversion', 'Panel_ID_cart_abandonment', 'Panel_ID_orders_per_min', 'Panel_ID_gmv_trend',
    'Panel_ID_funnel', 'Panel_ID_payment_success', 'Panel_ID_payment_failures', 'Panel_ID_refund_rate', 'Panel_ID_refunds'];
  try {
    await page.waitForFunction((n) => {
      const panels = [...document.querySelectorAll('#dash-grid [data-panel-id]')];
      return panels.length === n && panels.every((p) => p.dataset.state !== 'loading');
    }, PANELS.length, { timeout: 60_000 });
  } catch (e) {
    throw new Error(`${e.message}\n${await page.textContent('main')}\n${serviceLog('dashboard-service')}`);
  }
  assert.deepEqual(await page.$$eval('#dash-grid [data-panel-id]', (p) => p.map((x) => [x.dataset.panelId, x.dataset.state]).sort()),
    PANELS.map((id) => [id, 'done']).sort(), 'every panel answered');
  assert.equal(await page.locator('#dash-grid .notice').count(), 0, `no panel without data or with an error: ${await page.textContent('#dash-grid')}`);
  // the six KPIs: a number each
  for (const id of ['Panel_ID_gmv', 'Panel_ID_aov', 'Panel_ID_conversion', 'Panel_ID_cart_abandonment', 'Panel_ID_refund_rate', 'Panel_ID_refunds']) {
    const value = await page.getAttribute(`[data-panel-id="${id}"] .stat`, 'data-value');
    assert.ok(value !== '' && Number.isFinite(Number(value)), `${id} shows a number: ${value}`);
  }
  assert.match(await page.textContent('[data-panel-id="Panel_ID_gmv"] .stat'), /^€[\d,]+\.\d\d$/);
  assert.match(await page.textContent('[data-panel-id="Panel_ID_conversion"] .stat'), /^\d+\.\d\d%$/);
  // ECharts draws with its SVG renderer under automation: every chart holds drawn paths and non-empty series
  const charts = ['Panel_ID_orders_per_min', 'Panel_ID_gmv_trend', 'Panel_ID_funnel', 'Panel_ID_payment_success', 'Panel_ID_payment_failures'];
  for (const id of charts) assert.ok(await page.locator(`[data-panel-id="${id}"] svg path`).count() > 0, `${id} drawn`);
  const series = await page.evaluate(() => Object.fromEntries(Object.entries(window.__consoleCharts)
    .map(([id, chart]) => [id, chart.getOption().series.map((s) => ({ type: s.type, n: s.data.length }))])));
  assert.deepEqual(Object.keys(series).sort(), [...charts].sort());
  assert.deepEqual(series.Panel_ID_funnel, [{ type: 'bar', n: 4 }], 'four funnel steps');
  assert.deepEqual(series.Panel_ID_payment_success, [{ type: 'bar', n: 1 }], 'one provider');
  assert.equal(series.Panel_ID_payment_failures[0].type, 'pie');
  assert.ok(series.Panel_ID_payment_failures[0].n >= 2, 'failures by several reasons');
  assert.equal(series.Panel_ID_orders_per_min[0].type, 'line');
  assert.ok(series.Panel_ID_orders_per_min[0].n >= 20, `orders in most of the 40 minutes: ${series.Panel_ID_orders_per_min[0].n}`);
  assert.ok(series.Panel_ID_gmv_trend[0].n > 1, 'GMV over several intervals');
  await shot('dashboard', true);

  // what the panels asked for: the pack's default range (24h) in µs, no variable set (the server takes "all")
  const first = panelRequests.find((r) => r.panelId === 'Panel_ID_gmv').body;
  assert.equal(first.endTime - first.startTime, 24 * 3_600_000_000);
  assert.deepEqual(first.variables, { payment_method: [] });
  assert.ok(first.width > 0, 'the panel width, for $__interval');
  // another range: every panel asks again
  panelRequests.length = 0;
  await page.selectOption('.dash-toolbar select.range', '6h');
  await until(() => new Set(panelRequests.map((r) => r.panelId)).size === PANELS.length, 'every panel asked again');
  await page.waitForFunction(() => document.querySelectorAll('#dash-grid [data-state="done"]').length === 11);
  const last = panelRequests.filter((r) => r.panelId === 'Panel_ID_gmv').at(-1).body;
  assert.equal(last.endTime - last.startTime, 6 * 3_600_000_000);
  // auto-refresh asks again without any click
  const before = panelRequests.length;
  await page.selectOption('#dash-refresh', '10s');
  await until(() => panelRequests.length >= before + PANELS.length, 'a refresh of every panel within 30 s');
  await page.selectOption('#dash-refresh', 'off');
  // the query_values variable: its list filled from the events over the range; choosing a value runs every panel again
  const method = page.locator('[data-variable="payment_method"] select');
  await page.waitForSelector('[data-variable="payment_method"] select[data-state="done"]');
  assert.deepEqual((await method.locator('option').allTextContents()).sort(), ['card', 'klarna', 'paypal']);
  panelRequests.length = 0;
  await method.selectOption(['paypal']);
  await until(() => new Set(panelRequests.map((r) => r.panelId)).size === PANELS.length, 'every panel asked again with the variable');
  assert.deepEqual(panelRequests.find((r) => r.panelId === 'Panel_ID_gmv').body.variables, { payment_method: ['paypal'] });
  await page.waitForFunction(() => document.querySelectorAll('#dash-grid [data-state="done"]').length === 11);
  await shot('dashboard-variable');
  // drill-down: the events behind a panel, over the dashboard's range
  await page.click('[data-panel-id="Panel_ID_orders_per_min"] a.drilldown');
  await page.waitForURL(/#\/logs\?stream=events/);
});

test('finds a trace, opens its waterfall and the service map', opts, async () => {
  await page.goto(`${stack.baseUrl}/#/traces`);
  await page.waitForSelector('#trace-table tbody tr');
  // the search answer's summary: its services with their errors, span and error counts
  const found = await page.textContent(`#trace-table tr[data-trace="${TRACE_ID}"]`);
  assert.match(found, /gateway, checkout, cart, payment \(2⚠\)/);
  assert.match(found, /840\.0/);
  await page.click(`#trace-table tr[data-trace="${TRACE_ID}"]`);
  await page.waitForSelector('#waterfall .span-row');
  assert.equal(await page.locator('#waterfall .span-row').count(), 5);
  assert.equal(await page.locator('#waterfall .span-row.error').count(), 2);
  assert.equal(await page.locator('#waterfall .span-row.critical').count(), 4);
  await page.click('#waterfall .span-row[data-span="c2c2c2c2c2c2c2c2"]');
  assert.match(await page.textContent('#span-detail'), /provider timed out/);
  // tracing-service's units: selfTime 100,000 µs is 100.0 ms; the trace lasts 840 ms
  assert.match(await page.textContent('#span-detail'), /selfTimeMs\s*100\.0/);
  assert.match(await page.textContent('.dash-toolbar .summary'), /840\.0 ms/);
  await shot('trace');
  await page.click('.dash-toolbar a >> text=Back');
  await page.click('#tab-service-map');
  await page.waitForFunction(() => window.__consoleCharts['service-map']?.getOption().series[0].data.length === 6);
  assert.equal(await page.evaluate(() => window.__consoleCharts['service-map'].getOption().series[0].links
    .map((l) => `${l.source}>${l.target}`).join(' ')), 'user>gateway gateway>checkout checkout>cart checkout>payment payment>alipay');
  await page.waitForSelector('#service-map svg path');
  await shot('service-map');
});

test('loads nothing from outside its origin, and signs out', opts, async () => {
  assert.deepEqual(outside, [], 'no CDN, no web fonts, no outside call in any view');
  await page.goto(`${stack.baseUrl}/#/alerts`);
  await page.click('#sign-out');
  await page.waitForSelector('form.login #username');
  // the tokens were in memory only: a new page has no session
  await page.reload();
  await page.waitForSelector('form.login #username');
  assert.equal(await page.locator('header.shell').count(), 0);
});
