// The browser tests serve tracing-service's answers from e2e/fixtures.mjs (tracing-service is not started there).
// This test reads tracing-service's answer records from its sources and fails when a fixture object's fields are not
// exactly the record's components, so that a field renamed, added or dropped there breaks the console's tests here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { traceAnswers } from '../e2e/fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tracing = path.resolve(here, '../../../../../tracing-service/src/main/java/io/shopwatch/tracing');

/** The component names of {@code record name(...)} in a Java source file. */
export function recordComponents(file, name) {
  const source = readFileSync(path.join(tracing, file), 'utf8');
  const start = source.search(new RegExp(`\\brecord\\s+${name}\\s*\\(`));
  assert.ok(start >= 0, `record ${name} in ${file}`);
  let i = source.indexOf('(', start) + 1;
  let depth = 1;
  let body = '';
  for (; depth > 0; i++) {
    const c = source[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth > 0) body += c;
  }
  // drop annotations and generic arguments (innermost first), then take each component's last word
  let flat = body.replace(/@\w+(\([^)]*\))?/g, '');
  while (/<[^<>]*>/.test(flat)) flat = flat.replace(/<[^<>]*>/g, '');
  return flat.split(',').map((c) => c.trim().split(/\s+/).at(-1)).filter(Boolean);
}

const keys = (o) => Object.keys(o).sort();
const same = (object, file, record) => assert.deepEqual(keys(object), [...recordComponents(file, record)].sort(), `${record} in ${file}`);

test('recordComponents_readsNamesPastGenericsAndAnnotations', () => {
  assert.deepEqual(recordComponents('query/TraceTree.java', 'Segment'), ['spanId', 'start', 'end']);
  assert.ok(recordComponents('query/TraceTree.java', 'View').includes('logs'));
});

test('traceFixture_hasTheFieldsOfTracingServicesAnswers', () => {
  const { search, view, serviceMap } = traceAnswers('4bf92f3577b34da6a3ce929d0e0e4736');
  // GET /api/v1/traces answers {"traces": [Summary]} (TraceQueryController)
  assert.deepEqual(keys(search), ['traces']);
  for (const summary of search.traces) {
    same(summary, 'query/TraceReader.java', 'Summary');
    for (const s of summary.services) same(s, 'query/TraceReader.java', 'ServiceCount');
  }
  same(view, 'query/TraceTree.java', 'View');
  for (const span of view.spans) same(span, 'query/TraceTree.java', 'Node');
  for (const segment of view.criticalPath) same(segment, 'query/TraceTree.java', 'Segment');
  same(serviceMap, 'red/SpanMetrics.java', 'ServiceMap');
  for (const node of serviceMap.nodes) same(node, 'red/SpanMetrics.java', 'Node');
  for (const edge of serviceMap.edges) same(edge, 'red/SpanMetrics.java', 'EdgeStats');
});
