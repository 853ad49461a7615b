// The console's shell: sign-in, navigation, org switcher, language and time zone, and a hash router over the views.
import './style.css';
import { api, currentUser, logout, onSessionChange, switchOrg } from './api.js';
import { h, mount, notice, select } from './dom.js';
import { currentLanguage, languages, setLanguage, t } from './i18n.js';
import { currentZone, setZone, ZONES } from './time.js';
import { renderLogin } from './views/login.js';
import { renderLogs } from './views/logs.js';
import { renderAlerts } from './views/alerts.js';
import { renderDashboards } from './views/dashboards.js';
import { renderTraces } from './views/traces.js';

const VIEWS = {
  dashboards: renderDashboards,
  logs: renderLogs,
  alerts: renderAlerts,
  traces: renderTraces,
};

const app = document.getElementById('app');
let cleanup = null;
let wanted = null;

/** The route of the location hash: #/logs?q=x → {view: 'logs', rest: [], params}. */
function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, queryString] = hash.split('?');
  const [view, ...rest] = path.split('/').filter(Boolean);
  return { view: view || 'dashboards', rest: rest.map(decodeURIComponent), params: new URLSearchParams(queryString) };
}

function render() {
  cleanup?.();
  cleanup = null;
  if (!currentUser()) {
    const r = route();
    if (r.view !== 'login') wanted = location.hash;
    mount(app, renderLogin(() => {
      location.hash = wanted && !wanted.startsWith('#/login') ? wanted : '#/dashboards';
      render();
    }));
    return;
  }
  const r = route();
  const view = VIEWS[r.view] ? r.view : 'dashboards';
  const main = h('main', { id: 'view', class: `view-${view}` });
  mount(app, shell(view), main);
  cleanup = VIEWS[view](main, r) || null;
}

function shell(active) {
  const me = currentUser();
  const orgs = (me.orgs || []).filter((m) => !m.disabled).map((m) => m.org);
  if (!orgs.includes(me.org)) orgs.unshift(me.org);
  const orgSwitch = select({ id: 'org-switch', 'aria-label': t('org'), title: t('org') }, orgs.map((o) => [o, o]), me.org);
  if (me.platform_admin) addEveryOrg(orgSwitch, orgs);
  orgSwitch.addEventListener('change', async () => {
    const target = orgSwitch.value;
    // a token is for one org: the current token is exchanged for one of the other org (no password)
    orgSwitch.disabled = true;
    try {
      await switchOrg(target);
    } catch (e) {
      orgSwitch.value = me.org;
      orgSwitch.disabled = false;
      document.getElementById('view')?.prepend(notice(`${t('switchFailed', { org: target })}: ${e.message}`, 'error'));
    }
  });
  const lang = select(
    { id: 'lang-switch', 'aria-label': t('language'), title: t('language') },
    languages.map((l) => [l, l === 'zh' ? '中文' : 'English']),
    currentLanguage(),
  );
  lang.addEventListener('change', () => {
    setLanguage(lang.value);
    render();
  });
  const zone = select(
    { id: 'tz-switch', 'aria-label': t('timeZone'), title: t('timeZone') },
    ZONES.map((z) => [z, z === 'browser' ? `${t('browserZone')} (${Intl.DateTimeFormat().resolvedOptions().timeZone})` : z]),
    currentZone(),
  );
  zone.addEventListener('change', () => {
    setZone(zone.value);
    render();
  });
  const link = (view) =>
    h('a', { href: `#/${view}`, class: view === active ? 'active' : null, 'aria-current': view === active ? 'page' : null }, t(view));
  return h(
    'header',
    { class: 'shell' },
    h('a', { class: 'brand', href: '#/dashboards' }, t('appName')),
    h('nav', { 'aria-label': 'main' }, ['dashboards', 'logs', 'alerts', 'traces'].map(link)),
    h(
      'div',
      { class: 'shell-tools' },
      orgSwitch,
      lang,
      zone,
      h('span', { class: 'user', title: (me.roles || []).join(', ') }, me.subject),
      h('button', { id: 'sign-out', type: 'button', onclick: () => logout() }, t('signOut')),
    ),
  );
}

/** A platform administrator may act in every org: the switcher offers them all (the first page of the org list). */
async function addEveryOrg(orgSwitch, known) {
  try {
    const page = await api('GET', '/api/v1/orgs', { query: { limit: 200 } });
    for (const o of page.data || []) {
      if (!known.includes(o.name)) orgSwitch.append(h('option', { value: o.name }, o.name));
    }
  } catch {
    // the orgs the user is bound to are still offered
  }
}

window.addEventListener('hashchange', render);
onSessionChange(render);
window.addEventListener('unhandledrejection', (e) => {
  const view = document.getElementById('view');
  if (view) view.prepend(notice(String(e.reason?.message || e.reason), 'error'));
});
render();
