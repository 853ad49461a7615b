// Panel rendering with ECharts, tree-shaken: only the chart types and components the panels use are bundled.
// A panel's data is first normalised to {series, table}, then drawn by its OpenObserve v8 panel type.
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, GaugeChart, GraphChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { h, mount, notice } from './dom.js';
import { t } from './i18n.js';
import { formatClock, formatTime, toDate } from './time.js';

echarts.use([
  BarChart, FunnelChart, GaugeChart, GraphChart, HeatmapChart, LineChart, PieChart, ScatterChart,
  DatasetComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer, SVGRenderer,
]);

/** Every chart on the page by panel id (browser tests read their options). */
const charts = (globalThis.__consoleCharts ??= {});

const TIME_SERIES = new Set(['line', 'area', 'area-stacked', 'bar', 'h-bar', 'stacked', 'h-stacked', 'scatter']);

/**
 * Reads dashboard-service's panel-data answer {queries: [{columns: [{alias, label, role}], rows, series, value}]}:
 * every query's series, the first table with rows (columns by alias, with their labels), the first query's value,
 * and the notes of queries that answered nothing for a known reason (a field or stream no record has reached yet).
 */
export function normalize(data) {
  const queries = data?.queries ?? [];
  const table = queries.find((q) => q.rows?.length) ?? {};
  const columns = table.columns ?? [];
  return {
    series: queries.flatMap((q) => q.series ?? []),
    columns: columns.map((c) => c.alias),
    labels: columns.map((c) => c.label || c.alias),
    rows: table.rows ?? [],
    value: queries[0]?.value ?? null,
    warnings: queries.map((q) => q.warning).filter(Boolean),
  };
}

function looksLikeTime(values) {
  return values.length > 0 && values.every((v) => {
    if (typeof v === 'number') return v > 1e11; // epoch ms or µs
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v);
  });
}

function number(v) {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

const CURRENCIES = { 'currency-dollar': '$', 'currency-euro': '€', 'currency-pound': '£', 'currency-yen': '¥', 'currency-rupee': '₹' };

export function formatValue(v, config = {}) {
  const n = number(v);
  if (n === null) return String(v ?? '');
  const decimals = config.decimals ?? (Math.abs(n) < 10 && !Number.isInteger(n) ? 2 : 0);
  const unit = config.unit;
  if (unit === 'percent-1') return `${(n * 100).toFixed(decimals)}%`;
  if (unit === 'percent') return `${n.toFixed(decimals)}%`;
  const text = n.toLocaleString(undefined, { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
  if (unit === 'milliseconds') return `${text} ms`;
  if (unit === 'seconds') return `${text} s`;
  if (unit === 'bytes') return `${text} B`;
  if (unit === 'custom' && config.unit_custom) return `${text} ${config.unit_custom}`;
  if (CURRENCIES[unit]) return `${CURRENCIES[unit]}${n.toLocaleString(undefined, { maximumFractionDigits: config.decimals ?? 2, minimumFractionDigits: config.decimals ?? 2 })}`;
  return text;
}

function optionFor(panel, data) {
  const type = panel.type;
  const config = panel.config || {};
  const legend = config.show_legends === false ? undefined : { type: 'scroll', bottom: 0 };
  if (TIME_SERIES.has(type)) {
    const horizontal = type === 'h-bar' || type === 'h-stacked';
    const xs = data.series.flatMap((s) => s.points.map((p) => p[0]));
    const time = looksLikeTime(xs);
    const stacked = type === 'stacked' || type === 'h-stacked' || type === 'area-stacked';
    const categories = time ? undefined : [...new Set(xs.map(String))];
    const chartType = type.includes('bar') || type.includes('stacked') && !type.startsWith('area') ? 'bar' : type === 'scatter' ? 'scatter' : 'line';
    const series = data.series.map((s) => ({
      name: s.name,
      type: chartType,
      stack: stacked ? 'total' : undefined,
      areaStyle: type.startsWith('area') ? {} : undefined,
      showSymbol: false,
      sampling: chartType === 'line' ? 'lttb' : undefined,
      smooth: config.line_interpolation === 'smooth',
      data: s.points.map(([x, y]) => (time ? [toDate(x).getTime(), number(y)] : [String(x), number(y)])),
    }));
    const category = { type: time ? 'time' : 'category', data: categories, axisLabel: time ? { formatter: (v) => formatClock(v) } : {} };
    // whole numbers (decimals 0) get whole-number ticks
    const value = { type: 'value', min: config.y_axis_min ?? undefined, max: config.y_axis_max ?? undefined, minInterval: config.decimals === 0 ? 1 : undefined, axisLabel: { formatter: (v) => formatValue(v, config) } };
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatValue(v, config) },
      legend,
      grid: { left: 8, right: 16, top: 12, bottom: legend ? 28 : 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? { ...category, inverse: true } : value,
      series: horizontal
        ? series.map((s) => ({ ...s, data: s.data.map(([x, y]) => [y, x]) }))
        : series,
    };
  }
  if (type === 'pie' || type === 'donut') {
    return {
      tooltip: { trigger: 'item', valueFormatter: (v) => formatValue(v, config) },
      legend,
      series: [{
        type: 'pie',
        radius: type === 'donut' ? ['45%', '70%'] : '70%',
        data: categoryValues(data).map(([name, value]) => ({ name, value })),
      }],
    };
  }
  if (type === 'funnel') {
    return {
      tooltip: { trigger: 'item', valueFormatter: (v) => formatValue(v, config) },
      series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { show: true, position: 'inside' },
        data: categoryValues(data).map(([name, value]) => ({ name, value })) }],
    };
  }
  if (type === 'gauge') {
    const value = singleValue(data);
    return {
      series: [{
        type: 'gauge',
        min: config.min ?? config.y_axis_min ?? 0,
        max: config.max ?? config.y_axis_max ?? (config.unit === 'percent-1' ? 1 : config.unit === 'percent' ? 100 : Math.max(100, Math.ceil(value ?? 0))),
        title: { show: false },
        detail: { formatter: (v) => formatValue(v, config), fontSize: 18, offsetCenter: [0, '70%'] },
        data: [{ value: value ?? 0, name: panel.title }],
      }],
    };
  }
  if (type === 'heatmap') {
    // rows of (x, y, value): the x axis, the y axis (z in the panel's fields names the value)
    const triples = data.rows.map((r) => [String(r[0]), String(r[1]), number(r[2])]);
    const xs = [...new Set(triples.map((r) => r[0]))];
    const ys = [...new Set(triples.map((r) => r[1]))];
    const values = triples.map((r) => r[2] ?? 0);
    const time = looksLikeTime(xs);
    return {
      tooltip: { position: 'top' },
      grid: { left: 8, right: 16, top: 12, bottom: 48, containLabel: true },
      xAxis: { type: 'category', data: xs.map((x) => (time ? formatClock(x) : x)) },
      yAxis: { type: 'category', data: ys },
      visualMap: { min: Math.min(0, ...values), max: Math.max(1, ...values), calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 80 },
      series: [{ type: 'heatmap', data: triples.map(([x, y, v]) => [xs.indexOf(x), ys.indexOf(y), v ?? 0]) }],
    };
  }
  return null;
}

function categoryValues(data) {
  if (data.rows.length && data.columns.length >= 2) {
    const vi = data.columns.findIndex((c, i) => i > 0 && data.rows.some((r) => number(r[i]) !== null));
    return data.rows.map((r) => [String(r[0]), number(r[vi < 0 ? 1 : vi])]);
  }
  return data.series.map((s) => [s.name, number(s.points.at(-1)?.[1])]);
}

function singleValue(data) {
  if (number(data.value) !== null) return number(data.value);
  const last = data.series[0]?.points?.at(-1)?.[1];
  if (last !== undefined) return number(last);
  const row = data.rows[0] || [];
  for (let i = row.length - 1; i >= 0; i--) if (number(row[i]) !== null) return number(row[i]);
  return null;
}

/** Draws {@code panel} with its data into {@code el}; answers a dispose function. */
export function drawPanel(el, panel, rawData) {
  const data = normalize(rawData);
  const config = panel.config || {};
  delete charts[panel.id];
  if (panel.type === 'markdown' || panel.type === 'html') {
    // shown as text: panel content is never run as markup in the console
    mount(el, h('pre', { class: 'markdown' }, panel.markdownContent ?? panel.htmlContent ?? ''));
    return () => {};
  }
  if (!data.rows.length && !data.series.length) {
    mount(el, notice(noDataText(data)));
    return () => {};
  }
  if (panel.type === 'metric') {
    mount(el, h('div', { class: 'stat', dataset: { value: singleValue(data) ?? '' } }, formatValue(singleValue(data), config)));
    return () => {};
  }
  if (panel.type === 'table') {
    mount(
      el,
      h(
        'table',
        { class: 'panel-table' },
        h('thead', {}, h('tr', {}, data.labels.map((label) => h('th', {}, label)))),
        h('tbody', {}, data.rows.map((r) => h('tr', {}, r.map((v, i) => h('td', {}, /^(x_axis|_timestamp|time)/.test(data.columns[i]) && looksLikeTime([v]) ? formatTime(v) : formatValue(v, typeof v === 'number' ? config : {})))))),
      ),
    );
    return () => {};
  }
  const option = optionFor(panel, data);
  if (!option) {
    mount(el, notice(`${panel.type}: ${t('noData')}`));
    return () => {};
  }
  el.replaceChildren();
  const chart = echarts.init(el, null, { renderer: navigator.webdriver ? 'svg' : 'canvas' });
  chart.setOption(option);
  charts[panel.id] = chart;
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(el);
  return () => {
    resize.disconnect();
    chart.dispose();
    if (charts[panel.id] === chart) delete charts[panel.id];
  };
}

/** "No data", followed by the service's notes on why (e.g. a field no record has yet), when it gave any. */
export function noDataText(data) {
  const warnings = data?.warnings ?? [];
  return warnings.length ? `${t('noData')}: ${warnings.join('; ')}` : t('noData');
}

/** The service map: services as nodes (uninstrumented peers dashed), calls as edges labelled with rate and p95. */
export function drawServiceMap(el, data) {
  const nodes = (data?.nodes ?? []).map((n) => ({
    id: n.id ?? n.name,
    name: n.name ?? n.id,
    symbolSize: 46,
    itemStyle: n.virtual ? { color: '#fff', borderType: 'dashed', borderColor: '#5d6678' } : { color: '#3a55c4' },
    label: { show: true, position: 'bottom' },
  }));
  const edges = (data?.edges ?? []).map((e) => ({
    // tracing-service's edges are {client, server, ...}
    source: e.client ?? e.source ?? e.from,
    target: e.server ?? e.target ?? e.to,
    label: { show: true, formatter: `${Number(e.rate ?? 0).toFixed(1)}/s · p95 ${Math.round(e.p95Ms ?? e.p95 ?? 0)} ms` },
    lineStyle: { width: 2, color: (e.errorRate ?? 0) > 0.02 ? '#c62828' : '#9aa3b5' },
  }));
  el.replaceChildren();
  if (!nodes.length) {
    mount(el, notice(t('noData')));
    return () => {};
  }
  const chart = echarts.init(el, null, { renderer: navigator.webdriver ? 'svg' : 'canvas' });
  chart.setOption({
    tooltip: {},
    series: [{ type: 'graph', layout: 'force', roam: true, draggable: true, force: { repulsion: 400, edgeLength: 160 },
      edgeSymbol: ['none', 'arrow'], data: nodes, links: edges }],
  });
  charts['service-map'] = chart;
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(el);
  return () => {
    resize.disconnect();
    chart.dispose();
  };
}
