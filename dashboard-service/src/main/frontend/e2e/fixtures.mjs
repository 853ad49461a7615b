// Served fixtures for the APIs the browser tests do not run (tracing-service's trace reads), in the shapes its issue
// documents. Each answers 401 without a bearer token, as the services do.

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
}

function authorized(req, res) {
  if (/^Bearer \S+/.test(req.headers.authorization || '')) return true;
  json(res, 401, { type: 'urn:shopwatch:problem:unauthorized', title: 'Unauthorized', status: 401 });
  return false;
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
