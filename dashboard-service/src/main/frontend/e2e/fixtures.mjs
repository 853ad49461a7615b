// Served fixtures for the APIs this branch does not run (dashboard-service's dashboards and panel data, tracing-service's
// trace reads), in the shapes their issues document. Each answers 401 without a bearer token, as the services do, and
// keeps the panel-data requests it received so that a test can check what the console sent.

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body ? JSON.parse(body) : null));
  });
}

function authorized(req, res) {
  if (/^Bearer \S+/.test(req.headers.authorization || '')) return true;
  json(res, 401, { type: 'urn:shopwatch:problem:unauthorized', title: 'Unauthorized', status: 401 });
  return false;
}

const group = { filterType: 'group', logicalOperator: 'AND', conditions: [] };

function panel(id, type, title, x, y, w, hh, fields = {}, config = {}) {
  return {
    id,
    type,
    title,
    description: '',
    config: { show_legends: true, ...config },
    queryType: 'sql',
    queries: [{
      query: `SELECT ... /* ${id} */`,
      customQuery: true,
      fields: { stream: 'events', stream_type: 'logs', x: [], y: [], z: [], filter: group, ...fields },
      config: { promql_legend: '' },
    }],
    layout: { x, y, w, h: hh, i: id },
  };
}

const axis = (alias, label = alias) => [{ label, alias, column: alias, color: null, type: 'custom' }];

/** A sales overview with one panel of each type the packs use. */
export const SALES = {
  version: 8,
  dashboardId: 'sales-overview',
  title: 'Sales overview',
  description: 'GMV, orders, conversion and payments',
  tabs: [{
    tabId: 'default',
    name: 'Default',
    panels: [
      panel('gmv', 'metric', 'GMV', 0, 0, 48, 12, { y: axis('y_axis_1') }, { unit: 'custom', unit_custom: 'EUR', decimals: 0 }),
      panel('payment_success', 'gauge', 'Payment success', 48, 0, 48, 12, { y: axis('y_axis_1') }, { unit: 'percent-1', decimals: 1 }),
      panel('orders_per_min', 'line', 'Orders per minute', 96, 0, 96, 12, { x: axis('x_axis_1'), y: axis('y_axis_1') }),
      panel('orders_by_provider', 'bar', 'Orders by payment provider', 0, 12, 64, 16, { x: axis('x_axis_1', 'Provider'), y: axis('y_axis_1', 'Orders') }),
      panel('device_share', 'pie', 'Sessions by device', 64, 12, 64, 16, { x: axis('x_axis_1'), y: axis('y_axis_1') }),
      panel('funnel', 'funnel', 'Checkout funnel', 128, 12, 64, 16, { x: axis('x_axis_1'), y: axis('y_axis_1') }),
      panel('top_products', 'table', 'Top products', 0, 28, 96, 16, { x: axis('x_axis_1', 'Product'), y: axis('y_axis_1', 'Units sold') }),
      panel('errors_heatmap', 'heatmap', 'Errors by service and minute', 96, 28, 96, 16, { x: axis('x_axis_1'), y: axis('y_axis_1'), z: axis('z_axis_1') }),
    ],
  }],
  variables: {
    list: [{
      type: 'custom',
      name: 'provider',
      label: 'Provider',
      multiSelect: true,
      options: [
        { label: 'All', value: '_o2_all_', selected: true },
        { label: 'alipay', value: 'alipay', selected: false },
        { label: 'wechat', value: 'wechat', selected: false },
        { label: 'card', value: 'card', selected: false },
      ],
    }],
    showDynamicFilters: false,
  },
  defaultDatetimeDuration: { type: 'relative', relativeTimePeriod: '1h', startTime: null, endTime: null },
};

function panelData(panelId, now) {
  const minutes = Array.from({ length: 30 }, (_, i) => new Date(now - (29 - i) * 60_000).toISOString());
  switch (panelId) {
    case 'gmv':
      return { columns: ['y_axis_1'], rows: [[184250.5]] };
    case 'payment_success':
      return { columns: ['y_axis_1'], rows: [[0.962]] };
    case 'orders_per_min':
      return { series: [{ name: 'Orders', points: minutes.map((m, i) => [m, 40 + ((i * 7) % 13)]) }] };
    case 'orders_by_provider':
      return { hits: [{ x_axis_1: 'alipay', y_axis_1: 512 }, { x_axis_1: 'wechat', y_axis_1: 431 }, { x_axis_1: 'card', y_axis_1: 220 }] };
    case 'device_share':
      return { columns: ['x_axis_1', 'y_axis_1'], rows: [['mobile', 3100], ['desktop', 1400], ['tablet', 260]] };
    case 'funnel':
      return { columns: ['x_axis_1', 'y_axis_1'], rows: [['view', 4760], ['cart', 1820], ['checkout', 1210], ['paid', 1163]] };
    case 'top_products':
      return { columns: ['x_axis_1', 'y_axis_1'], rows: [['p-1001 espresso machine', 96], ['p-2040 grinder', 71], ['p-0007 beans 1kg', 64]] };
    case 'errors_heatmap':
      return {
        columns: ['x_axis_1', 'y_axis_1', 'z_axis_1'],
        rows: minutes.slice(-10).flatMap((m, i) => ['checkout', 'payment', 'cart'].map((s, j) => [m, s, (i * (j + 1)) % 7])),
      };
    default:
      return { series: [] };
  }
}

/** /api/v1/dashboards: list, get, and panel data. {@code requests} collects the panel-data bodies received. */
export function dashboardFixture(requests = []) {
  const list = {
    dashboards: [
      { dashboard_id: 'sales-overview', title: 'Sales overview', description: SALES.description, folder_name: 'E-commerce', version: 8 },
      { dashboard_id: 'site-health', title: 'Site health', description: 'Errors and latency per service', folder_name: 'E-commerce', version: 8 },
      { dashboard_id: 'team-notes', title: 'Team notes', description: '', folder_name: 'default', version: 8 },
    ],
  };
  return ['/api/v1/dashboards', async (req, res) => {
    if (!authorized(req, res)) return;
    const url = new URL(req.url, 'http://fixture');
    const parts = url.pathname.split('/').filter(Boolean).slice(3); // after api/v1/dashboards
    if (req.method === 'GET' && parts.length === 0) return json(res, 200, list);
    if (req.method === 'GET' && parts[0] === 'sales-overview' && parts.length === 1) {
      return json(res, 200, { v8: SALES, version: 8, hash: '1' });
    }
    if (req.method === 'POST' && parts[0] === 'sales-overview' && parts[1] === 'panels' && parts[3] === 'data') {
      const body = await readBody(req);
      requests.push({ panelId: parts[2], body });
      return json(res, 200, panelData(parts[2], Date.now()));
    }
    return json(res, 404, { title: 'Not Found', status: 404, detail: `no dashboard ${parts[0]}` });
  }];
}

/** /api/v1/traces: search, one trace as a tree, and the service map. */
export function traceFixture(traceId) {
  const start = Date.now() - 60_000;
  const spans = [
    { spanId: 'a1', parentSpanId: null, service: 'gateway', operation: 'POST /api/checkout', startTime: start, durationMs: 840, depth: 0, selfTimeMs: 40, error: false, criticalPath: true },
    { spanId: 'b1', parentSpanId: 'a1', service: 'checkout', operation: 'placeOrder', startTime: start + 20, durationMs: 790, depth: 1, selfTimeMs: 60, error: false, criticalPath: true },
    { spanId: 'c1', parentSpanId: 'b1', service: 'cart', operation: 'loadCart', startTime: start + 30, durationMs: 45, depth: 2, selfTimeMs: 45, error: false, criticalPath: false },
    { spanId: 'c2', parentSpanId: 'b1', service: 'payment', operation: 'authorize', startTime: start + 90, durationMs: 700, depth: 2, selfTimeMs: 100, error: true, criticalPath: true,
      attributes: { 'payment.provider': 'alipay', 'http.response.status_code': 504 }, statusMessage: 'provider timed out' },
    { spanId: 'd1', parentSpanId: 'c2', service: 'alipay', operation: 'HTTP POST', startTime: start + 100, durationMs: 600, depth: 3, selfTimeMs: 600, error: true, criticalPath: true, virtual: true },
  ];
  const summary = { traceId, rootService: 'gateway', rootOperation: 'POST /api/checkout', startTime: start, durationMs: 840, spanCount: spans.length, errorCount: 2, services: ['gateway', 'checkout', 'cart', 'payment', 'alipay'] };
  return ['/api/v1/traces', (req, res) => {
    if (!authorized(req, res)) return;
    const url = new URL(req.url, 'http://fixture');
    const parts = url.pathname.split('/').filter(Boolean).slice(3);
    if (parts.length === 0) return json(res, 200, { traces: [summary, { ...summary, traceId: 'f'.repeat(32), durationMs: 120, errorCount: 0, spanCount: 3 }] });
    if (parts[0] === 'service-map') {
      return json(res, 200, {
        nodes: ['gateway', 'checkout', 'cart', 'payment', 'alipay'].map((id) => ({ id, name: id, virtual: id === 'alipay' })),
        edges: [
          { source: 'gateway', target: 'checkout', rate: 12.5, errorRate: 0.01, p95Ms: 820 },
          { source: 'checkout', target: 'cart', rate: 12.4, errorRate: 0, p95Ms: 60 },
          { source: 'checkout', target: 'payment', rate: 11.9, errorRate: 0.04, p95Ms: 710 },
          { source: 'payment', target: 'alipay', rate: 11.8, errorRate: 0.05, p95Ms: 640 },
        ],
      });
    }
    if (parts[0] === traceId) return json(res, 200, { ...summary, spans, logs: [] });
    return json(res, 404, { title: 'Not Found', status: 404, detail: `no trace ${parts[0]}` });
  }];
}
