// The console's readers of API answers and user input, without a browser: the panel-data shapes a chart accepts,
// the dashboard list and get envelopes, silence matchers, durations and ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatValue, noDataText, normalize } from '../src/charts.js';
import { dashboardOf, listItems, panelRequest, valuesOf, valuesPanel } from '../src/views/dashboards.js';
import { parseMatchers } from '../src/views/alerts.js';
import { age, durationMs, resolveRange, toDate } from '../src/time.js';

const column = (alias, label, role) => ({ alias, label, role });

test('normalize_readsTheQueriesOfAPanelDataAnswer', () => {
  const data = normalize({
    panelId: 'Panel_ID_orders',
    type: 'line',
    interval: '1m',
    queries: [{
      sql: 'SELECT ...',
      columns: [column('x_axis_1', 'Time', 'x'), column('y_axis_1', 'Orders', 'y')],
      rows: [['2026-12-06T08:00:00', 3], ['2026-12-06T08:01:00', 4]],
      series: [{ name: 'Orders', points: [['2026-12-06T08:00:00', 3], ['2026-12-06T08:01:00', 4]] }],
      value: null,
    }],
  });
  assert.deepEqual(data.series.map((s) => s.name), ['Orders']);
  assert.deepEqual(data.columns, ['x_axis_1', 'y_axis_1']);
  assert.deepEqual(data.labels, ['Time', 'Orders']);
  assert.deepEqual(data.rows, [['2026-12-06T08:00:00', 3], ['2026-12-06T08:01:00', 4]]);
  assert.equal(data.value, null);
});

test('normalize_metric_takesTheValue_andSeveralQueriesGiveAllTheirSeries', () => {
  const metric = normalize({ queries: [{ columns: [column('y_axis_1', 'GMV', 'y')], rows: [[1234.5]], series: [], value: 1234.5 }] });
  assert.equal(metric.value, 1234.5);
  const two = normalize({ queries: [{ columns: [], rows: [], series: [{ name: 'now', points: [[1, 1]] }] }, { series: [{ name: 'week ago', points: [[1, 2]] }] }] });
  assert.deepEqual(two.series.map((s) => s.name), ['now', 'week ago']);
});

test('normalize_nothing_isEmpty', () => {
  assert.deepEqual(normalize(null), { series: [], columns: [], labels: [], rows: [], value: null, warnings: [] });
  assert.deepEqual(normalize({ panelId: 'p', queries: [] }), { series: [], columns: [], labels: [], rows: [], value: null, warnings: [] });
});

test('normalize_aQueryWithAWarning_isEmpty_andTheNoDataNoticeSaysWhy', () => {
  const data = normalize({ queries: [{ columns: [column('x_axis_1', 'Country', 'x')], rows: [], series: [], value: null, warning: 'field geo_country not in stream events yet' }] });
  assert.deepEqual(data.rows, []);
  assert.deepEqual(data.warnings, ['field geo_country not in stream events yet']);
  assert.match(noDataText(data), /: field geo_country not in stream events yet$/);
  assert.doesNotMatch(noDataText(normalize({ queries: [] })), /:/);
});

test('formatValue_currencyUnits', () => {
  assert.equal(formatValue(1234.5, { unit: 'currency-euro', decimals: 2 }), `€${(1234.5).toLocaleString(undefined, { minimumFractionDigits: 2 })}`);
  assert.equal(formatValue(0.0512, { unit: 'percent-1', decimals: 1 }), '5.1%');
});

test('listItems_readsTheListAnswer', () => {
  assert.deepEqual(
    listItems({ dashboards: [{ dashboard_id: 'a', folder_id: 'f1', folder_name: 'E-commerce', title: 'A', description: 'd', hash: 'h', revision: 1, version: 8 }] }),
    [{ id: 'a', title: 'A', description: 'd', folder: 'E-commerce' }],
  );
  assert.deepEqual(listItems({ dashboards: [] }), []);
});

test('dashboardOf_takesTheV8Document', () => {
  const d = { title: 'x', tabs: [] };
  assert.equal(dashboardOf({ dashboardId: 'x1', folderId: 'default', version: 8, hash: '1', revision: 2, v8: d }), d);
});

test('panelRequest_rangeInMicros_widthAndTheVariablesThatHaveAValue', () => {
  const from = new Date('2026-12-06T08:00:00Z');
  const to = new Date('2026-12-06T09:00:00Z');
  assert.deepEqual(panelRequest({ from, to }, { payment_method: ['card'], service: '', empty: [] }, 640.4), {
    startTime: from.getTime() * 1000,
    endTime: to.getTime() * 1000,
    width: 640,
    variables: { payment_method: ['card'], empty: [] },
  });
});

test('parseMatchers_everyOperator', () => {
  assert.deepEqual(parseMatchers('alertname=High, severity!=info, service=~"check.*", env!~dev'), [
    { name: 'alertname', value: 'High', isRegex: false, isEqual: true },
    { name: 'severity', value: 'info', isRegex: false, isEqual: false },
    { name: 'service', value: 'check.*', isRegex: true, isEqual: true },
    { name: 'env', value: 'dev', isRegex: true, isEqual: false },
  ]);
  assert.throws(() => parseMatchers('no operator'), /matcher/);
  assert.deepEqual(parseMatchers(' , '), []);
});

test('durations_rangesAndTimestamps', () => {
  assert.equal(durationMs('15m'), 900_000);
  assert.equal(durationMs('7d'), 604_800_000);
  assert.ok(Number.isNaN(durationMs('soon')));
  const now = new Date('2026-12-06T10:00:00Z');
  assert.deepEqual(resolveRange({ relative: '1h' }, now), { from: new Date('2026-12-06T09:00:00Z'), to: now });
  // OpenObserve's µs, epoch ms and RFC 3339 text are the same instant
  assert.equal(toDate(1_796_551_200_000_000).getTime(), toDate(1_796_551_200_000).getTime());
  assert.equal(toDate('1796551200000').getTime(), 1_796_551_200_000);
  // tracing-service's span times are in ns
  assert.equal(toDate(1_796_551_200_123_000_000).getTime(), 1_796_551_200_123);
  // a histogram bucket without a zone is UTC, whatever the browser's zone
  const zone = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai';
  try {
    assert.equal(toDate('2026-12-06T08:00:00').toISOString(), '2026-12-06T08:00:00.000Z');
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
  assert.equal(age(new Date('2026-12-06T07:58:00Z'), now), '2h 2m');
});

test('valuesPanel_asksForAFieldsMostFrequentValuesInTheStream', () => {
  const panel = valuesPanel({ stream_type: 'logs', stream: 'events', field: 'properties_payment_method', max_record_size: 20 });
  assert.equal(panel.type, 'table');
  assert.equal(panel.queries[0].customQuery, true);
  assert.equal(panel.queries[0].fields.stream, 'events');
  assert.equal(
    panel.queries[0].query,
    'SELECT "properties_payment_method" AS "value", COUNT(*) AS "n" FROM "events" WHERE "properties_payment_method" IS NOT NULL GROUP BY "value" ORDER BY "n" DESC LIMIT 20',
  );
  // a quote in a name stays inside the identifier
  assert.match(valuesPanel({ stream: 'a"b', field: 'f' }).queries[0].query, /FROM "a""b" /);
  assert.match(valuesPanel({ stream: 's', field: 'f' }).queries[0].query, /LIMIT 10$/);
});

test('valuesOf_readsTheFirstColumnOfTheRows', () => {
  assert.deepEqual(valuesOf({ queries: [{ columns: [], rows: [['card', 12], ['paypal', 3], [null, 1], [7, 1]] }] }), ['card', 'paypal', '7']);
  assert.deepEqual(valuesOf({ queries: [{ rows: [] }] }), []);
  assert.deepEqual(valuesOf(null), []);
});
