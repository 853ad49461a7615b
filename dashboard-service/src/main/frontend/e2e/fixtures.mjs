// Served fixtures for the APIs the browser tests do not run (tracing-service's trace reads), in tracing-service's
// answer shapes; test/trace-fixture.test.mjs fails when their fields differ from tracing-service's records. Each
// answers 401 without a bearer token, as the services do.

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
}

function authorized(req, res) {
  if (/^Bearer \S+/.test(req.headers.authorization || '')) return true;
  json(res, 401, { type: 'urn:shopwatch:problem:unauthorized', title: 'Unauthorized', status: 401 });
  return false;
}

/**
 * /api/v1/traces: search, one trace as a tree, and the service map, in tracing-service's answer shapes field for field:
 * the search's `TraceReader.Summary` (times in ns, duration in µs, `spans`/`errors` counts, `services` as
 * `{service, spans, errors}`), the trace's `TraceTree.View` with its `Node`s in waterfall order (times in ns; `duration`,
 * `offset`, `selfTime` in µs; `onCriticalPath`; every other column in `attributes`; `events` as JSON text) and its
 * `criticalPath` segments, and the service map's `SpanMetrics.ServiceMap` (`nodes` `{name, virtual}`, `edges`
 * `{client, server, connectionType, requests, rate, errors, errorRate, p50, p95, p99}`, latencies in ms). The trace's
 * `logs` (records carrying its trace id) are empty here.
 */
export function traceAnswers(traceId) {
  const t0 = (Date.now() - 60_000) * 1_000_000; // ns
  const us = 1_000; // ns per µs
  const span = (spanId, parentSpanId, service, operation, kind, status, startMs, durationMs, depth, selfMs, critical, attributes = {}) => ({
    spanId, parentSpanId, service, operation, kind, status, error: status === 'ERROR',
    startTime: t0 + startMs * 1_000 * us, endTime: t0 + (startMs + durationMs) * 1_000 * us, duration: durationMs * 1_000,
    offset: startMs * 1_000, depth, selfTime: selfMs * 1_000, onCriticalPath: critical, attributes, events: '[]',
  });
  const spans = [
    span('a1a1a1a1a1a1a1a1', null, 'gateway', 'POST /api/checkout', '2', 'OK', 0, 840, 0, 40, true, { http_route: '/api/checkout' }),
    span('b1b1b1b1b1b1b1b1', 'a1a1a1a1a1a1a1a1', 'checkout', 'placeOrder', '1', 'OK', 20, 790, 1, 60, true),
    span('c1c1c1c1c1c1c1c1', 'b1b1b1b1b1b1b1b1', 'cart', 'loadCart', '3', 'OK', 30, 45, 2, 45, false),
    span('c2c2c2c2c2c2c2c2', 'b1b1b1b1b1b1b1b1', 'payment', 'authorize', '3', 'ERROR', 90, 700, 2, 100, true,
      { payment_provider: 'alipay', http_response_status_code: 504, status_code: '2', status_message: 'provider timed out' }),
    span('d1d1d1d1d1d1d1d1', 'c2c2c2c2c2c2c2c2', 'payment', 'HTTP POST', '3', 'ERROR', 100, 600, 3, 600, true,
      { peer_service: 'alipay', status_code: '2' }),
  ];
  const view = {
    traceId, startTime: t0, endTime: t0 + 840 * 1_000 * us, duration: 840_000, spanCount: spans.length, errorCount: 2, depth: 4,
    services: ['gateway', 'checkout', 'cart', 'payment'], spans, logs: [],
    criticalPath: [
      { spanId: 'a1a1a1a1a1a1a1a1', start: t0 + 810 * 1_000 * us, end: t0 + 840 * 1_000 * us },
      { spanId: 'b1b1b1b1b1b1b1b1', start: t0 + 790 * 1_000 * us, end: t0 + 810 * 1_000 * us },
      { spanId: 'c2c2c2c2c2c2c2c2', start: t0 + 700 * 1_000 * us, end: t0 + 790 * 1_000 * us },
      { spanId: 'd1d1d1d1d1d1d1d1', start: t0 + 100 * 1_000 * us, end: t0 + 700 * 1_000 * us },
    ],
  };
  const summary = {
    traceId, startTime: view.startTime, endTime: view.endTime, duration: view.duration, spans: spans.length, errors: 2,
    services: [
      { service: 'gateway', spans: 1, errors: 0 }, { service: 'checkout', spans: 1, errors: 0 },
      { service: 'cart', spans: 1, errors: 0 }, { service: 'payment', spans: 2, errors: 2 },
    ],
  };
  const other = {
    traceId: 'f'.repeat(32), startTime: t0 - 5_000_000_000, endTime: t0 - 4_880_000_000, duration: 120_000, spans: 3, errors: 0,
    services: [{ service: 'gateway', spans: 1, errors: 0 }, { service: 'catalog', spans: 2, errors: 0 }],
  };
  const edge = (client, server, connectionType, requests, errors, p50, p95, p99) => ({
    client, server, connectionType, requests, rate: requests / 3600, errors, errorRate: errors / requests, p50, p95, p99,
  });
  return {
    search: { traces: [summary, other] },
    view,
    serviceMap: {
      nodes: [
        { name: 'user', virtual: true }, { name: 'gateway', virtual: false }, { name: 'checkout', virtual: false },
        { name: 'cart', virtual: false }, { name: 'payment', virtual: false }, { name: 'alipay', virtual: true },
      ],
      edges: [
        edge('user', 'gateway', '', 45_000, 450, 120, 820, 1_400),
        edge('gateway', 'checkout', '', 44_640, 440, 110, 790, 1_350),
        edge('checkout', 'cart', '', 44_600, 0, 20, 60, 90),
        edge('checkout', 'payment', '', 42_800, 1_700, 300, 710, 1_200),
        edge('payment', 'alipay', '', 42_500, 2_100, 250, 640, 1_100),
      ],
    },
  };
}

/** The route serving {@link traceAnswers} under /api/v1/traces. */
export function traceFixture(traceId) {
  const { search, view, serviceMap } = traceAnswers(traceId);
  return ['/api/v1/traces', (req, res) => {
    if (!authorized(req, res)) return;
    const url = new URL(req.url, 'http://fixture');
    const parts = url.pathname.split('/').filter(Boolean).slice(3);
    if (parts.length === 0) return json(res, 200, search);
    if (parts[0] === 'service-map') return json(res, 200, serviceMap);
    if (parts[0] === traceId) return json(res, 200, view);
    return json(res, 404, { title: 'Not Found', status: 404, detail: `no trace ${parts[0]}` });
  }];
}
