// Traces (tracing-service /api/v1/traces): search, a trace's waterfall with span details, errors and the critical
// path, and the service map (/api/v1/traces/service-map).
import { api } from '../api.js';
import { h, mount, notice } from '../dom.js';
import { t } from '../i18n.js';
import { formatTime, resolveRange, toDate } from '../time.js';
import { rangePicker } from './picker.js';

/** A span's or trace's duration in ms: durationMs, or duration in µs (OpenObserve's span layout). */
function ms(x) {
  if (x.durationMs !== undefined) return Number(x.durationMs);
  if (x.duration_ms !== undefined) return Number(x.duration_ms);
  if (x.duration !== undefined) return Number(x.duration) / 1000;
  return 0;
}

function startMs(x) {
  return toDate(x.startTime ?? x.start_time ?? x.startTimeUnixNano / 1e6).getTime();
}

/** A count: a number, or (a trace's) list of items. */
function countOf(x) {
  return Array.isArray(x) ? x.length : Number(x ?? 0);
}

/**
 * What a found trace touched: tracing-service's summary lists `services` as `{service, spans, errors}` (with their
 * error counts); a root service and operation when an answer has them.
 */
function servicesOf(tr) {
  if (tr.rootService || tr.rootOperation) return `${tr.rootService ?? ''} · ${tr.rootOperation ?? ''}`;
  return (tr.services ?? [])
    .map((s) => (typeof s === 'string' ? s : `${s.service}${s.errors ? ` (${s.errors}⚠)` : ''}`))
    .join(', ');
}

function tracesOf(answer) {
  return Array.isArray(answer) ? answer : answer?.traces ?? answer?.items ?? answer?.data ?? [];
}

export function renderTraces(main, route) {
  if (route.rest[0] && route.rest[0] !== 'map') {
    renderTrace(main, route.rest[0]);
    return null;
  }
  const state = { range: { relative: '1h' }, service: '', operation: '', minDuration: '', errors: false };
  const searchTab = h('button', { type: 'button', role: 'tab', id: 'tab-trace-search', 'aria-selected': String(route.rest[0] !== 'map'), onclick: () => (location.hash = '#/traces') }, t('traceSearch'));
  const mapTab = h('button', { type: 'button', role: 'tab', id: 'tab-service-map', 'aria-selected': String(route.rest[0] === 'map'), onclick: () => (location.hash = '#/traces/map') }, t('serviceMap'));
  const body = h('div');
  mount(main, h('div', { class: 'tabs', role: 'tablist' }, searchTab, mapTab), body);
  let dispose = null;
  if (route.rest[0] === 'map') {
    const el = h('div', { class: 'map', id: 'service-map' });
    mount(body, rangePicker(state.range, (r) => {
      state.range = r;
      draw();
    }), el);
    const draw = async () => {
      const { from, to } = resolveRange(state.range);
      try {
        const data = await api('GET', '/api/v1/traces/service-map', { query: { start: from.toISOString(), end: to.toISOString() } });
        const { drawServiceMap } = await import('../charts.js');
        dispose?.();
        dispose = drawServiceMap(el, data);
      } catch (e) {
        mount(el, notice(e.message, 'error'));
      }
    };
    draw();
    return () => dispose?.();
  }

  const service = h('input', { id: 'trace-service', placeholder: t('service'), 'aria-label': t('service') });
  const operation = h('input', { id: 'trace-operation', placeholder: t('operation'), 'aria-label': t('operation') });
  const minDuration = h('input', { id: 'trace-min', type: 'number', min: 0, placeholder: t('minDuration'), 'aria-label': t('minDuration') });
  const errors = h('input', { id: 'trace-errors', type: 'checkbox' });
  const results = h('div', { id: 'trace-results' });
  const search = async () => {
    const { from, to } = resolveRange(state.range);
    mount(results, notice('…'));
    try {
      const traces = tracesOf(await api('GET', '/api/v1/traces', {
        query: {
          service: service.value.trim(),
          operation: operation.value.trim(),
          minDuration: minDuration.value ? `${minDuration.value}ms` : '',
          status: errors.checked ? 'error' : '',
          start: from.toISOString(),
          end: to.toISOString(),
          limit: 50,
        },
      }));
      if (!traces.length) {
        mount(results, notice(t('noTraces')));
        return;
      }
      mount(results, h('table', { class: 'records', id: 'trace-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('time')), h('th', {}, t('service')), h('th', {}, t('duration_ms')), h('th', {}, t('span')), h('th', {}, t('error')))),
        h('tbody', {}, traces.map((tr) => {
          const id = tr.traceId ?? tr.trace_id;
          const go = () => (location.hash = `#/traces/${encodeURIComponent(id)}`);
          const errorCount = countOf(tr.errors ?? tr.errorCount);
          return h('tr', { tabindex: 0, dataset: { trace: id }, class: errorCount ? 'level-error' : '', onclick: go, onkeydown: (e) => e.key === 'Enter' && go() },
            h('td', { class: 'time' }, formatTime(startMs(tr))),
            h('td', {}, servicesOf(tr)),
            h('td', {}, ms(tr).toFixed(1)),
            h('td', {}, countOf(tr.spans ?? tr.spanCount)),
            h('td', {}, errorCount ? h('span', { class: 'badge level-error' }, errorCount) : '0'));
        }))));
    } catch (e) {
      mount(results, notice(e.message, 'error'));
    }
  };
  mount(body,
    h('form', { class: 'filters', onsubmit: (e) => {
      e.preventDefault();
      search();
    } },
    rangePicker(state.range, (r) => (state.range = r)), service, operation, minDuration,
    h('label', {}, t('errorsOnly'), errors),
    h('button', { type: 'submit', class: 'primary', id: 'trace-search' }, t('search'))),
    results);
  search();
  return null;
}

async function renderTrace(main, id) {
  mount(main, notice('…'));
  let trace;
  try {
    trace = await api('GET', `/api/v1/traces/${encodeURIComponent(id)}`);
  } catch (e) {
    mount(main, h('a', { href: '#/traces' }, `← ${t('back')}`), notice(e.message, 'error'));
    return;
  }
  const spans = trace.spans ?? [];
  const t0 = Math.min(...spans.map(startMs));
  const total = Math.max(1, ...spans.map((s) => startMs(s) - t0 + ms(s)));
  const detail = h('aside', { class: 'detail', id: 'span-detail', hidden: true });
  const rows = spans.map((s) => {
    const left = ((startMs(s) - t0) / total) * 100;
    const width = (ms(s) / total) * 100;
    const critical = s.onCriticalPath ?? s.criticalPath ?? false;
    const open = () => {
      detail.hidden = false;
      mount(detail,
        h('div', { class: 'detail-head' }, h('h2', {}, `${s.service} · ${s.operation ?? s.name}`),
          h('button', { type: 'button', class: 'close', 'aria-label': t('close'), onclick: () => (detail.hidden = true) }, '×')),
        h('dl', { class: 'fields' }, Object.entries({
          spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', start: formatTime(startMs(s), { millis: true }),
          [t('duration_ms')]: ms(s).toFixed(1), selfTimeMs: s.selfTime !== undefined ? (Number(s.selfTime) / 1000).toFixed(1) : s.selfTimeMs ?? '',
          kind: s.kind ?? '', status: s.status ?? '',
          error: s.error ? s.statusMessage || s.attributes?.status_message || 'true' : 'false',
          criticalPath: String(critical), ...(s.attributes ?? {}),
        }).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))])));
    };
    return h('div', {
      class: `span-row${s.error ? ' error' : ''}${critical ? ' critical' : ''}`,
      dataset: { span: s.spanId }, tabindex: 0, onclick: open, onkeydown: (e) => e.key === 'Enter' && open(),
    },
    h('div', { class: 'name', style: `padding-left: ${(s.depth ?? 0) * 14}px`, title: `${s.service} ${s.operation ?? s.name}` },
      s.error ? '⚠ ' : '', h('b', {}, s.service), ` ${s.operation ?? s.name ?? ''}`),
    h('div', { class: 'bar-track' }, h('div', { class: 'bar', style: `left: ${left}%; width: ${width}%`, title: `${ms(s).toFixed(1)} ms` })));
  });
  mount(main,
    h('div', { class: 'dash-toolbar' }, h('a', { href: '#/traces' }, `← ${t('back')}`),
      h('h1', {}, `${trace.rootService ?? spans[0]?.service ?? ''} · ${trace.rootOperation ?? spans[0]?.operation ?? ''}`),
      h('span', { class: 'summary' }, `${id} · ${t('spans', { n: spans.length })} · ${total.toFixed(1)} ms`),
      h('a', { href: `#/logs?q=${encodeURIComponent(id)}&range=24h` }, t('logs'))),
    h('div', { class: 'split' }, h('div', { class: 'waterfall', id: 'waterfall' }, rows), detail));
}
