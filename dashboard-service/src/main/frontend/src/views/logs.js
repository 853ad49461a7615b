// Logs: search (logging-service GET /api/v1/logs/search) with time range, level and service filters, full-text
// query and cursor paging; a record's detail with its trace link; and the live tail (SSE /api/v1/logs/tail).
import { api, streamEvents } from '../api.js';
import { h, mount, notice, select } from '../dom.js';
import { t } from '../i18n.js';
import { formatTime, resolveRange } from '../time.js';
import { rangePicker } from './picker.js';

const LEVELS = ['', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const PAGE = 50;

function levelOf(record) {
  return String(record.level ?? record.severity ?? '').toLowerCase();
}

function messageOf(record) {
  return record.message ?? record.msg ?? record.log ?? JSON.stringify(record);
}

function traceIdOf(record) {
  return record.trace_id ?? record.traceId ?? record.traceid ?? null;
}

export function renderLogs(main, route) {
  const p = route.params;
  const state = {
    range: p.get('from') && p.get('to') ? { from: new Date(p.get('from')), to: new Date(p.get('to')) } : { relative: p.get('range') || '1h' },
    q: p.get('q') || '',
    level: p.get('level') || '',
    service: p.get('service') || '',
    stream: p.get('stream') || 'logs',
    cursors: [],
  };
  let tail = null;

  const searchTab = h('button', { type: 'button', role: 'tab', id: 'tab-search', 'aria-selected': 'true' }, t('searchTab'));
  const tailTab = h('button', { type: 'button', role: 'tab', id: 'tab-tail', 'aria-selected': 'false' }, t('tailTab'));
  const body = h('div', { class: 'logs-body' });
  mount(main, h('div', { class: 'tabs', role: 'tablist' }, searchTab, tailTab), body);
  searchTab.onclick = () => showSearch();
  tailTab.onclick = () => showTail();

  function selectTab(tab) {
    searchTab.setAttribute('aria-selected', String(tab === 'search'));
    tailTab.setAttribute('aria-selected', String(tab === 'tail'));
    tail?.abort();
    tail = null;
  }

  function filters(onSubmit, withRange) {
    const q = h('input', { id: 'log-q', type: 'search', placeholder: t('query'), 'aria-label': t('query'), value: state.q });
    const level = select({ id: 'log-level', 'aria-label': t('level') }, LEVELS.map((l) => [l, l || t('allLevels')]), state.level);
    const service = h('input', { id: 'log-service', placeholder: t('service'), 'aria-label': t('service'), value: state.service });
    const form = h(
      'form',
      {
        class: 'filters',
        onsubmit: (e) => {
          e.preventDefault();
          state.q = q.value.trim();
          state.level = level.value;
          state.service = service.value.trim();
          onSubmit();
        },
      },
      withRange ? rangePicker(state.range, (r) => (state.range = r)) : null,
      level,
      service,
      q,
      h('button', { type: 'submit', class: 'primary', id: 'log-search' }, withRange ? t('search') : t('refresh')),
    );
    return form;
  }

  function showSearch() {
    selectTab('search');
    const results = h('div', { class: 'results' });
    const detail = h('aside', { class: 'detail', id: 'log-detail', hidden: true });
    mount(body, filters(() => search([]), true), h('div', { class: 'split' }, results, detail));

    async function search(cursors) {
      state.cursors = cursors;
      const { from, to } = resolveRange(state.range);
      mount(results, notice('…'));
      let page;
      try {
        page = await api('GET', '/api/v1/logs/search', {
          query: {
            stream: state.stream,
            from: from.toISOString(),
            to: to.toISOString(),
            q: state.q,
            level: state.level,
            service: state.service,
            limit: PAGE,
            cursor: cursors[cursors.length - 1],
          },
        });
      } catch (e) {
        mount(results, notice(e.message, 'error'));
        return;
      }
      const hits = page.hits || [];
      if (!hits.length) {
        mount(results, notice(t('noResults')));
        return;
      }
      const rows = hits.map((record, i) =>
        h(
          'tr',
          {
            tabindex: 0,
            class: `level-${levelOf(record)}`,
            dataset: { row: i },
            onclick: () => open(record),
            onkeydown: (e) => e.key === 'Enter' && open(record),
          },
          h('td', { class: 'time' }, formatTime(record._timestamp ?? record.timestamp, { millis: true })),
          h('td', {}, h('span', { class: `badge level-${levelOf(record)}` }, levelOf(record) || '-')),
          h('td', {}, record.service ?? ''),
          h('td', { class: 'message' }, messageOf(record)),
        ),
      );
      mount(
        results,
        h('div', { class: 'summary', id: 'log-total' }, t('results', { n: page.total ?? hits.length })),
        h(
          'table',
          { class: 'records', id: 'log-table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('time')), h('th', {}, t('level')), h('th', {}, t('service')), h('th', {}, t('message')))),
          h('tbody', {}, rows),
        ),
        h(
          'div',
          { class: 'pager' },
          cursors.length ? h('button', { type: 'button', onclick: () => search([]) }, t('firstPage')) : null,
          page.nextCursor
            ? h('button', { type: 'button', id: 'log-next', onclick: () => search([...cursors, page.nextCursor]) }, t('nextPage'))
            : null,
        ),
      );
    }

    function open(record) {
      const trace = traceIdOf(record);
      detail.hidden = false;
      mount(
        detail,
        h(
          'div',
          { class: 'detail-head' },
          h('h2', {}, t('detail')),
          h('button', { type: 'button', class: 'close', 'aria-label': t('close'), onclick: () => (detail.hidden = true) }, '×'),
        ),
        trace ? h('a', { class: 'trace-link', href: `#/traces/${encodeURIComponent(trace)}` }, t('openTrace', { id: trace })) : null,
        h(
          'dl',
          { class: 'fields' },
          Object.entries(record)
            .sort(([a], [b]) => a.localeCompare(b))
            .flatMap(([k, v]) => [
              h('dt', {}, k),
              h('dd', {}, k === '_timestamp' ? `${formatTime(v, { millis: true })} (${v})` : typeof v === 'object' ? JSON.stringify(v) : String(v)),
            ]),
        ),
      );
      detail.scrollIntoView?.({ block: 'nearest' });
    }

    search([]);
  }

  function showTail() {
    selectTab('tail');
    const lines = h('div', { class: 'tail', id: 'tail-lines', 'aria-live': 'off' });
    const status = h('span', { class: 'tail-status' }, t('tailing'));
    let paused = false;
    let buffered = [];
    const pause = h('button', { type: 'button', id: 'tail-pause' }, t('pause'));
    pause.onclick = () => {
      paused = !paused;
      pause.textContent = paused ? t('resume') : t('pause');
      if (!paused) {
        buffered.forEach(add);
        buffered = [];
        status.textContent = t('tailing');
      }
    };
    const add = (record) => {
      lines.prepend(
        h(
          'div',
          { class: `tail-line level-${levelOf(record)}` },
          h('span', { class: 'time' }, formatTime(record._timestamp ?? record.timestamp, { millis: true })),
          ' ',
          h('span', { class: `badge level-${levelOf(record)}` }, levelOf(record) || '-'),
          ' ',
          h('span', { class: 'service' }, record.service ?? ''),
          ' ',
          messageOf(record),
        ),
      );
      while (lines.childElementCount > 500) lines.lastElementChild.remove();
    };
    const start = () => {
      tail?.abort();
      tail = streamEvents(
        '/api/v1/logs/tail',
        { stream: state.stream, level: state.level, service: state.service, q: state.q },
        ({ data }) => {
          let record;
          try {
            record = JSON.parse(data);
          } catch {
            record = { message: data };
          }
          if (paused) {
            buffered.push(record);
            if (buffered.length > 1000) buffered.shift();
            status.textContent = t('paused', { n: buffered.length });
          } else add(record);
        },
        (e) => lines.prepend(notice(e.message, 'error')),
      );
    };
    mount(
      body,
      filters(start, false),
      h('div', { class: 'tail-tools' }, pause, h('button', { type: 'button', onclick: () => lines.replaceChildren() }, t('clear')), status),
      lines,
    );
    start();
  }

  if (p.get('tab') === 'tail') showTail();
  else showSearch();
  return () => tail?.abort();
}
