// The console's readers of API answers and user input, without a browser: the panel-data shapes a chart accepts,
// the dashboard list and get envelopes, silence matchers, durations and ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize } from '../src/charts.js';
import { dashboardOf, listItems } from '../src/views/dashboards.js';
import { parseMatchers } from '../src/views/alerts.js';
import { age, durationMs, resolveRange, toDate } from '../src/time.js';

const panel = (fields) => ({ id: 'p', type: 'line', queries: [{ fields: { x: [], y: [], ...fields } }] });
const axis = (alias, label = alias) => [{ alias, label }];

test('normalize_series_givesTableToo', () => {
  const data = normalize({ series: [{ name: 'a', points: [[1, 2], [3, 4]] }, { name: 'b', points: [[3, 5]] }] }, panel({}));
  assert.deepEqual(data.series.map((s) => s.name), ['a', 'b']);
  assert.deepEqual(data.columns, ['x', 'a', 'b']);
  assert.deepEqual(data.rows, [[1, 2, null], [3, 4, 5]]);
});

test('normalize_hits_picksTheAxisAliasesAndLabels', () => {
  const data = normalize(
    { hits: [{ x_axis_1: 't1', y_axis_1: 3, other: 'x' }, { x_axis_1: 't2', y_axis_1: 4, other: 'y' }] },
    panel({ x: axis('x_axis_1'), y: axis('y_axis_1', 'Orders') }),
  );
  assert.deepEqual(data.series, [{ name: 'Orders', points: [['t1', 3], ['t2', 4]] }]);
  assert.deepEqual(data.columns, ['x_axis_1', 'y_axis_1', 'other']);
});

test('normalize_columnsAndRows_withBreakdown_splitsSeries', () => {
  const data = normalize(
    { columns: [{ name: 'x_axis_1' }, { name: 'breakdown_1' }, { name: 'y_axis_1' }], rows: [['t1', 'cart', 1], ['t1', 'pay', 2], ['t2', 'cart', 3]] },
    panel({ x: axis('x_axis_1'), y: axis('y_axis_1'), breakdown: axis('breakdown_1') }),
  );
  assert.deepEqual(data.series, [
    { name: 'cart', points: [['t1', 1], ['t2', 3]] },
    { name: 'pay', points: [['t1', 2]] },
  ]);
});

test('normalize_rowsAsObjects_andSeveralQueries', () => {
  const data = normalize(
    { results: [{ series: [{ label: 'now', data: [[1, 1]] }] }, { series: [{ name: 'week ago', values: [[1, 2]] }] }] },
    panel({}),
  );
  assert.deepEqual(data.series.map((s) => s.name), ['now', 'week ago']);
  const objects = normalize({ columns: ['a', 'b'], rows: [{ a: 'x', b: 1 }] }, panel({}));
  assert.deepEqual(objects.rows, [['x', 1]]);
});

test('normalize_nothing_isEmpty', () => {
  assert.deepEqual(normalize(null, panel({})), { series: [], columns: [], rows: [] });
  assert.deepEqual(normalize({ hits: [] }, panel({})), { series: [], columns: [], rows: [] });
});

test('listItems_readsEveryEnvelope', () => {
  assert.deepEqual(listItems({ dashboards: [{ dashboard_id: 'a', title: 'A', folder_name: 'F' }] }), [
    { id: 'a', title: 'A', description: '', folder: 'F' },
  ]);
  assert.deepEqual(listItems([{ dashboardId: 'b', title: 'B', folder: { name: 'G' }, description: 'd' }]), [
    { id: 'b', title: 'B', description: 'd', folder: 'G' },
  ]);
  assert.deepEqual(listItems({ items: [{ id: 'c', v8: { title: 'C' } }] }), [{ id: 'c', title: 'C', description: '', folder: 'default' }]);
});

test('dashboardOf_unwrapsOpenObservesWrapper', () => {
  const d = { title: 'x', tabs: [] };
  assert.equal(dashboardOf({ v8: d, hash: '1' }), d);
  assert.equal(dashboardOf({ dashboard: d }), d);
  assert.equal(dashboardOf(d), d);
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
  assert.equal(age(new Date('2026-12-06T07:58:00Z'), now), '2h 2m');
});
