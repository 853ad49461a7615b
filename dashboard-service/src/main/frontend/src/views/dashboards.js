// Dashboards (dashboard-service /api/v1/dashboards): the list with folders and search; a dashboard's view with the
// time picker, variables, auto-refresh and its panels (OpenObserve v8 model: tabs of panels on a 192-column grid),
// each panel's data from POST /api/v1/dashboards/{id}/panels/{panelId}/data, drawn with ECharts.
import { api } from '../api.js';
import { h, mount, notice, select } from '../dom.js';
import { t } from '../i18n.js';
import { durationMs, resolveRange } from '../time.js';
import { rangePicker } from './picker.js';

const REFRESH = ['off', '10s', '30s', '1m', '5m', '15m'];

/** The dashboards of dashboard-service's list answer {"dashboards": [{dashboard_id, title, description, folder_name}]}. */
export function listItems(answer) {
  return (answer?.dashboards ?? []).map((d) => ({
    id: d.dashboard_id,
    title: d.title ?? '',
    description: d.description ?? '',
    folder: d.folder_name ?? d.folder_id,
  }));
}

/** The v8 dashboard of a get answer {dashboardId, folderId, hash, revision, v8: {...}}. */
export function dashboardOf(answer) {
  return answer.v8;
}

/**
 * The body of a panel-data request: the range in µs, the panel's width (for $__interval) and the variables that have
 * a value (an unset one takes its default on the server; a multi-select without values is "all").
 */
export function panelRequest({ from, to }, variables, width) {
  const values = Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== '' && v !== undefined && v !== null));
  return { startTime: from.getTime() * 1000, endTime: to.getTime() * 1000, width: width > 0 ? Math.round(width) : undefined, variables: values };
}

const quoteIdentifier = (name) => `"${String(name).replaceAll('"', '""')}"`;

/**
 * A table panel whose query answers the values of a query_values variable (OpenObserve v8 {@code query_data: {stream,
 * stream_type, field, max_record_size}}): the field's most frequent values in the stream over the range, run through
 * dashboard-service's unsaved-panel endpoint with the user's token.
 */
export function valuesPanel(queryData) {
  const field = quoteIdentifier(queryData.field);
  const limit = Math.min(1000, Math.max(1, Number(queryData.max_record_size) || 10));
  const column = (alias) => ({ label: alias, alias, column: alias, color: null, type: 'custom' });
  return {
    id: 'variable_values',
    type: 'table',
    title: queryData.field,
    queries: [
      {
        query: `SELECT ${field} AS "value", COUNT(*) AS "n" FROM ${quoteIdentifier(queryData.stream)} WHERE ${field} IS NOT NULL GROUP BY "value" ORDER BY "n" DESC LIMIT ${limit}`,
        customQuery: true,
        fields: {
          stream: queryData.stream,
          stream_type: queryData.stream_type || 'logs',
          x: [column('value')],
          y: [column('n')],
          z: [],
          breakdown: [],
          filter: { filterType: 'group', logicalOperator: 'AND', conditions: [] },
        },
        config: {},
      },
    ],
  };
}

/** The values of a values-panel answer: the first column of the first query's rows, as text, blanks left out. */
export function valuesOf(answer) {
  const rows = answer?.queries?.find((q) => q.rows?.length)?.rows ?? [];
  return rows.map((r) => (Array.isArray(r) ? r[0] : Object.values(r)[0])).filter((v) => v !== null && v !== undefined && v !== '').map(String);
}

export function renderDashboards(main, route) {
  if (route.rest[0]) return renderDashboard(main, route.rest[0], route.params);
  renderList(main, route.params);
  return null;
}

async function renderList(main, params) {
  const search = h('input', { id: 'dash-search', type: 'search', placeholder: t('search'), 'aria-label': t('search'), value: params.get('q') || '' });
  const list = h('div', { class: 'dash-list', id: 'dash-list' });
  mount(main, h('div', { class: 'filters' }, search), list);
  let items;
  try {
    items = listItems(await api('GET', '/api/v1/dashboards'));
  } catch (e) {
    mount(list, notice(e.status === 404 ? t('unavailable', { reason: e.message }) : e.message, 'error'));
    return;
  }
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const shown = items.filter((d) => !q || d.title.toLowerCase().includes(q) || d.description.toLowerCase().includes(q));
    if (!shown.length) {
      mount(list, notice(t('noDashboards')));
      return;
    }
    const folders = [...new Set(shown.map((d) => d.folder))].sort();
    mount(
      list,
      folders.map((folder) =>
        h(
          'section',
          { class: 'folder', dataset: { folder } },
          h('h2', {}, `${t('folder')}: ${folder}`),
          h(
            'ul',
            { class: 'dash-links' },
            shown
              .filter((d) => d.folder === folder)
              .map((d) =>
                h('li', {}, h('a', { href: `#/dashboards/${encodeURIComponent(d.id)}` }, d.title), d.description ? ` — ${d.description}` : ''),
              ),
          ),
        ),
      ),
    );
  };
  search.addEventListener('input', draw);
  draw();
}

function initialVariables(dashboard, params) {
  const values = {};
  for (const v of dashboard.variables?.list ?? []) {
    const fromUrl = params.getAll(`var-${v.name}`);
    if (fromUrl.length) {
      values[v.name] = v.multiSelect ? fromUrl : fromUrl[0];
      continue;
    }
    const selected = (v.options ?? []).filter((o) => o.selected).map((o) => o.value);
    const value = v.value || (selected.length ? (v.multiSelect ? selected : selected[0]) : '');
    values[v.name] = v.multiSelect ? [].concat(value).filter((x) => x !== '') : value;
  }
  return values;
}

function initialRange(dashboard, params) {
  if (params.get('from') && params.get('to')) return { from: new Date(params.get('from')), to: new Date(params.get('to')) };
  if (params.get('range')) return { relative: params.get('range') };
  const d = dashboard.defaultDatetimeDuration;
  if (d?.type === 'absolute' && d.startTime && d.endTime) return { from: new Date(d.startTime / 1000), to: new Date(d.endTime / 1000) };
  return { relative: Number.isFinite(durationMs(d?.relativeTimePeriod)) ? d.relativeTimePeriod : '1h' };
}

function renderDashboard(main, id, params) {
  const disposers = new Map();
  let timer = null;
  let dashboard;
  let state;
  let generation = 0;

  const disposeAll = () => {
    disposers.forEach((d) => d());
    disposers.clear();
  };

  (async () => {
    mount(main, notice('…'));
    try {
      dashboard = dashboardOf(await api('GET', `/api/v1/dashboards/${encodeURIComponent(id)}`));
    } catch (e) {
      mount(main, h('a', { href: '#/dashboards' }, `← ${t('back')}`), notice(e.message, 'error'));
      return;
    }
    state = {
      range: initialRange(dashboard, params),
      variables: initialVariables(dashboard, params),
      tab: params.get('tab') || dashboard.tabs?.[0]?.tabId,
      refresh: REFRESH.includes(params.get('refresh')) ? params.get('refresh') : 'off',
    };
    layout();
  })();

  function layout() {
    const refresh = select({ id: 'dash-refresh', 'aria-label': t('autoRefresh'), title: t('autoRefresh') }, REFRESH.map((r) => [r, r === 'off' ? t('off') : r]), state.refresh);
    refresh.addEventListener('change', () => {
      state.refresh = refresh.value;
      schedule();
    });
    const reload = h('button', { type: 'button', id: 'dash-reload', onclick: () => loadPanels() }, t('refresh'));
    const variables = h(
      'div',
      { class: 'variables', id: 'dash-variables' },
      (dashboard.variables?.list ?? []).filter((v) => v.type !== 'constant' && !v.hideOnDashboard).map(variableInput),
    );
    const tabs = dashboard.tabs?.length > 1
      ? h('div', { class: 'tabs', role: 'tablist' }, dashboard.tabs.map((tab) =>
        h('button', { type: 'button', role: 'tab', 'aria-selected': String(tab.tabId === state.tab), onclick: () => {
          state.tab = tab.tabId;
          layout();
        } }, tab.name)))
      : null;
    const grid = h('div', { class: 'grid', id: 'dash-grid' });
    disposeAll();
    mount(
      main,
      h(
        'div',
        { class: 'dash-toolbar' },
        h('a', { href: '#/dashboards' }, `← ${t('back')}`),
        h('h1', {}, dashboard.title),
        rangePicker(state.range, (r) => {
          state.range = r;
          loadValues();
          loadPanels();
        }),
        refresh,
        reload,
      ),
      variables,
      tabs,
      grid,
    );
    const tab = dashboard.tabs?.find((x) => x.tabId === state.tab) ?? dashboard.tabs?.[0];
    for (const panel of tab?.panels ?? []) {
      const l = panel.layout ?? { x: 0, y: 0, w: 96, h: 18 };
      const body = h('div', { class: 'panel-body' });
      const stream = panel.queries?.[0]?.fields?.stream;
      grid.append(
        h(
          'section',
          {
            class: `panel panel-${panel.type}`,
            dataset: { panelId: panel.id, panelType: panel.type, state: 'loading' },
            style: `grid-column: ${l.x + 1} / span ${Math.max(1, l.w)}; grid-row: ${l.y + 1} / span ${Math.max(4, l.h)};`,
          },
          h(
            'div',
            { class: 'panel-head' },
            h('h3', { title: panel.description || panel.title }, panel.title),
            stream && panel.queries?.[0]?.fields?.stream_type !== 'metrics'
              ? h('a', { class: 'drilldown', title: t('showLogs'), href: '#', onclick: (e) => {
                e.preventDefault();
                const { from, to } = resolveRange(state.range);
                location.hash = `#/logs?stream=${encodeURIComponent(stream)}&from=${from.toISOString()}&to=${to.toISOString()}`;
              } }, t('logs'))
              : null,
          ),
          body,
        ),
      );
    }
    loadValues();
    loadPanels();
    schedule();
  }

  /** Fills every query_values variable's list from the data over the dashboard's range; keeps what is chosen. */
  function loadValues() {
    const { from, to } = resolveRange(state.range);
    for (const v of dashboard.variables?.list ?? []) {
      if (v.type !== 'query_values' || !v.query_data?.stream || !v.query_data?.field) continue;
      const input = main.querySelector(`[data-variable="${CSS.escape(v.name)}"] select`);
      if (!input) continue;
      input.dataset.state = 'loading';
      api('POST', '/api/v1/dashboards/panels/data', {
        body: { panel: valuesPanel(v.query_data), startTime: from.getTime() * 1000, endTime: to.getTime() * 1000 },
      })
        .then((answer) => {
          const chosen = [].concat(state.variables[v.name] ?? []).map(String).filter((x) => x !== '');
          const values = [...new Set([...valuesOf(answer), ...chosen])];
          input.replaceChildren(...values.map((value) => h('option', { value }, value)));
          if (v.multiSelect) [...input.options].forEach((o) => (o.selected = chosen.includes(o.value)));
          else if (chosen.length) input.value = chosen[0];
          else if (values.length) {
            // a single-select takes the first value, as OpenObserve does
            input.value = values[0];
            state.variables[v.name] = values[0];
            loadPanels();
          }
          input.dataset.state = 'done';
        })
        .catch((e) => {
          input.dataset.state = 'error';
          input.title = e.message;
        });
    }
  }

  function variableInput(v) {
    const label = v.label || v.name;
    const value = state.variables[v.name];
    let input;
    if (v.type === 'textbox') {
      input = h('input', { value: value ?? '', 'aria-label': label });
      input.addEventListener('change', () => {
        state.variables[v.name] = input.value;
        loadPanels();
      });
    } else {
      const options = (v.options ?? []).map((o) => [String(o.value), o.label ?? String(o.value)]);
      if (!options.length && value !== undefined) [].concat(value).forEach((x) => options.push([String(x), String(x)]));
      input = select({ 'aria-label': label, multiple: v.multiSelect ? true : null }, options, Array.isArray(value) ? null : String(value ?? ''));
      if (v.multiSelect) [...input.options].forEach((o) => (o.selected = [].concat(value).map(String).includes(o.value)));
      input.addEventListener('change', () => {
        state.variables[v.name] = v.multiSelect ? [...input.selectedOptions].map((o) => o.value) : input.value;
        loadPanels();
      });
    }
    return h('label', { dataset: { variable: v.name } }, label, input);
  }

  function schedule() {
    clearInterval(timer);
    timer = null;
    if (state.refresh !== 'off') timer = setInterval(() => loadPanels(), durationMs(state.refresh));
  }

  function loadPanels() {
    const run = ++generation;
    const { from, to } = resolveRange(state.range);
    const tab = dashboard.tabs?.find((x) => x.tabId === state.tab) ?? dashboard.tabs?.[0];
    for (const panel of tab?.panels ?? []) {
      const section = main.querySelector(`[data-panel-id="${CSS.escape(panel.id)}"]`);
      if (!section) continue;
      const body = section.querySelector('.panel-body');
      section.dataset.state = 'loading';
      api('POST', `/api/v1/dashboards/${encodeURIComponent(id)}/panels/${encodeURIComponent(panel.id)}/data`, {
        body: panelRequest({ from, to }, state.variables, body.clientWidth),
      })
        // ECharts loads with the first dashboard, not with the sign-in page
        .then(async (data) => {
          const { drawPanel } = await import('../charts.js');
          if (run !== generation) return;
          disposers.get(panel.id)?.();
          disposers.set(panel.id, drawPanel(body, panel, data));
          section.dataset.state = 'done';
        })
        .catch((e) => {
          if (run !== generation) return;
          mount(body, notice(e.message, 'error'));
          section.dataset.state = 'error';
        });
    }
  }

  return () => {
    generation++;
    clearInterval(timer);
    disposeAll();
  };
}
