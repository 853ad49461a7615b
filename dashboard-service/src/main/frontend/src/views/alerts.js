// Alerts (alert-service): firing groups with severity, labels and age; acknowledge / withdraw with a comment
// (/api/v1/alerts/groups/{id}/ack); the groups resolved in the last 24 h (/api/v1/alerts/groups?state=resolved); silences (Alertmanager API v2: /api/v2/silences, /api/v2/silence/{id});
// recent notifications and their outcomes (/api/v1/alerts/notifications). Laid out for a phone first.
import { api } from '../api.js';
import { h, mount, notice, select } from '../dom.js';
import { t } from '../i18n.js';
import { age, durationMs, formatTime } from '../time.js';

const SEVERITY_ORDER = ['critical', 'page', 'error', 'high', 'warning', 'warn', 'medium', 'info', 'low'];

function severityOf(group) {
  const s = group.labels?.severity ?? group.alerts?.find((a) => a.labels?.severity)?.labels.severity;
  return String(s ?? 'none').toLowerCase();
}

function rank(severity) {
  const i = SEVERITY_ORDER.indexOf(severity);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

function oldestStart(group) {
  const starts = (group.alerts || []).map((a) => new Date(a.startsAt).getTime()).filter((n) => !Number.isNaN(n));
  return starts.length ? new Date(Math.min(...starts)) : null;
}

function labelChips(labels) {
  return h(
    'ul',
    { class: 'labels' },
    Object.entries(labels || {}).map(([k, v]) => h('li', { class: 'chip' }, h('span', { class: 'k' }, k), '=', h('span', { class: 'v' }, v))),
  );
}

/** Parses "a=b, c!=d, e=~f.*" into Alertmanager matchers. */
export function parseMatchers(text) {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^([^=!~\s]+)\s*(=~|!~|!=|=)\s*"?(.*?)"?$/.exec(s);
      if (!m) throw new Error(`matcher "${s}"`);
      return { name: m[1], value: m[3], isRegex: m[2].includes('~'), isEqual: !m[2].startsWith('!') };
    });
}

export function renderAlerts(main, route) {
  const tabs = ['groups', 'silences', 'notifications'];
  let current = tabs.includes(route.params.get('tab')) ? route.params.get('tab') : 'groups';
  let groupState = route.params.get('state') === 'resolved' ? 'resolved' : 'firing';
  const buttons = tabs.map((tab) =>
    h('button', { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-selected': String(tab === current), onclick: () => show(tab) }, t(tab)),
  );
  const body = h('div', { class: 'alerts-body' });
  const refresh = h('button', { type: 'button', id: 'alerts-refresh', onclick: () => show(current) }, t('refresh'));
  mount(main, h('div', { class: 'tabs', role: 'tablist' }, buttons, refresh), body);

  function show(tab, prefill) {
    current = tab;
    buttons.forEach((b, i) => b.setAttribute('aria-selected', String(tabs[i] === tab)));
    if (tab === 'groups') showGroups();
    else if (tab === 'silences') showSilences(prefill);
    else showNotifications();
  }

  async function showGroups() {
    const states = ['firing', 'resolved'].map((state) =>
      h(
        'button',
        {
          type: 'button',
          id: `groups-${state}`,
          'aria-pressed': String(state === groupState),
          onclick: () => {
            groupState = state;
            showGroups();
          },
        },
        t(state === 'firing' ? 'stateFiring' : 'stateResolved'),
      ),
    );
    const switcher = h('div', { class: 'segmented', role: 'group', 'aria-label': t('state') }, states);
    const list = h('div');
    mount(body, switcher, list);
    mount(list, notice('…'));
    let groups;
    try {
      groups = await api('GET', '/api/v1/alerts/groups', { query: { state: groupState } });
    } catch (e) {
      mount(list, notice(e.message, 'error'));
      return;
    }
    if (!groups.length) {
      mount(list, notice(t(groupState === 'resolved' ? 'noResolvedGroups' : 'noGroups')));
      return;
    }
    if (groupState === 'resolved') {
      // the alert-service lists them latest resolved first
      mount(list, h('div', { class: 'cards', id: 'resolved-groups' }, groups.map(resolvedCard)));
      return;
    }
    groups.sort((a, b) => rank(severityOf(a)) - rank(severityOf(b)) || (oldestStart(a) ?? 0) - (oldestStart(b) ?? 0));
    mount(list, h('div', { class: 'cards', id: 'alert-groups' }, groups.map(groupCard)));
  }

  function resolvedCard(group) {
    const severity = severityOf(group);
    const started = oldestStart(group);
    const name = group.labels?.alertname ?? group.alerts?.[0]?.labels?.alertname ?? group.groupKey;
    const summary = group.alerts?.[0]?.annotations?.summary ?? group.alerts?.[0]?.annotations?.description;
    const lasted = started && group.resolvedAt ? age(started, new Date(group.resolvedAt)) : '';
    return h(
      'article',
      { class: `card resolved severity-${severity}`, dataset: { group: group.id }, tabindex: 0 },
      h(
        'header',
        {},
        h('span', { class: `badge severity-${severity}`, title: t('severity') }, severity),
        h('h3', {}, name),
        h('span', { class: 'age resolved-at', title: formatTime(group.resolvedAt) }, t('resolvedAgo', { age: age(group.resolvedAt) })),
      ),
      summary ? h('p', { class: 'summary' }, summary) : null,
      // the labels of its latest alert (the group's own labels are only those it is grouped by)
      labelChips(group.alerts?.[0]?.labels ?? group.labels),
      h(
        'p',
        { class: 'meta' },
        `${t('resolvedAt')}: ${formatTime(group.resolvedAt)}`,
        lasted ? ` · ${t('firedFor', { d: lasted })}` : '',
        ` · ${group.alerts?.length ?? 0} ${t('alertsCount')} · ${t('receiver')}: ${group.receiver}`,
      ),
    );
  }

  function groupCard(group) {
    const severity = severityOf(group);
    const started = oldestStart(group);
    const name = group.labels?.alertname ?? group.alerts?.[0]?.labels?.alertname ?? group.groupKey;
    const summary = group.alerts?.[0]?.annotations?.summary ?? group.alerts?.[0]?.annotations?.description;
    const comment = h('input', { class: 'ack-comment', placeholder: t('comment'), 'aria-label': t('comment'), maxlength: 1000 });
    const status = h('div', { class: 'card-status' });
    const ackButton = h('button', { type: 'button', class: 'primary ack' }, t('acknowledge'));
    ackButton.onclick = async () => {
      ackButton.disabled = true;
      try {
        await api('POST', `/api/v1/alerts/groups/${encodeURIComponent(group.id)}/ack`, { body: { comment: comment.value } });
        showGroups();
      } catch (e) {
        mount(status, notice(e.message, 'error'));
        ackButton.disabled = false;
      }
    };
    const unackButton = h('button', { type: 'button', class: 'unack' }, t('unacknowledge'));
    unackButton.onclick = async () => {
      unackButton.disabled = true;
      try {
        await api('DELETE', `/api/v1/alerts/groups/${encodeURIComponent(group.id)}/ack`);
        showGroups();
      } catch (e) {
        mount(status, notice(e.message, 'error'));
        unackButton.disabled = false;
      }
    };
    const silenceButton = h(
      'button',
      {
        type: 'button',
        class: 'silence',
        onclick: () => show('silences', Object.entries(group.labels || {}).map(([k, v]) => `${k}=${v}`).join(', ')),
      },
      t('silence'),
    );
    const ack = group.ack;
    return h(
      'article',
      { class: `card severity-${severity}${ack ? ' acked' : ''}`, dataset: { group: group.id }, tabindex: 0 },
      h(
        'header',
        {},
        h('span', { class: `badge severity-${severity}`, title: t('severity') }, severity),
        h('h3', {}, name),
        h('span', { class: 'age', title: started ? formatTime(started) : '' }, started ? age(started) : ''),
      ),
      summary ? h('p', { class: 'summary' }, summary) : null,
      labelChips(group.labels),
      h('p', { class: 'meta' }, `${group.alerts?.length ?? 0} ${t('firing')} · ${t('receiver')}: ${group.receiver}`),
      (group.escalations || []).map((e) =>
        h('p', { class: 'meta escalation' }, `${e.policy} → ${e.receiver} (#${e.nextStep}${e.nextAt ? `, ${formatTime(e.nextAt)}` : ''})`),
      ),
      ack
        ? h(
            'p',
            { class: 'ack-info' },
            t('ackedBy', { by: ack.by }),
            ' ',
            ack.expiresAt ? t('until', { t: formatTime(ack.expiresAt) }) : '',
            ack.comment ? h('q', {}, ack.comment) : null,
          )
        : null,
      h('div', { class: 'actions' }, ack ? unackButton : [comment, ackButton], silenceButton),
      status,
    );
  }

  async function showSilences(prefill) {
    const matchers = h('input', { id: 'silence-matchers', placeholder: 'alertname=HighErrorRate', value: prefill || '', 'aria-label': t('matchers') });
    const duration = select({ id: 'silence-duration', 'aria-label': t('duration') }, ['1h', '2h', '4h', '12h', '1d', '7d'].map((d) => [d, d]), '2h');
    const comment = h('input', { id: 'silence-comment', placeholder: t('comment'), 'aria-label': t('comment') });
    const message = h('div');
    const list = h('div', { id: 'silence-list' });
    const form = h(
      'form',
      {
        class: 'filters silence-form',
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            const now = new Date();
            await api('POST', '/api/v2/silences', {
              body: {
                matchers: parseMatchers(matchers.value),
                startsAt: now.toISOString(),
                endsAt: new Date(now.getTime() + durationMs(duration.value)).toISOString(),
                createdBy: document.querySelector('.shell .user')?.textContent || 'console',
                comment: comment.value,
              },
            });
            matchers.value = '';
            comment.value = '';
            message.replaceChildren();
            load();
          } catch (err) {
            mount(message, notice(err.message, 'error'));
          }
        },
      },
      h('label', {}, t('matchers'), matchers),
      h('label', {}, t('duration'), duration),
      h('label', {}, t('comment'), comment),
      h('button', { type: 'submit', class: 'primary', id: 'silence-create' }, t('create')),
    );
    mount(body, h('h2', {}, t('newSilence')), form, message, list);

    async function load() {
      let silences;
      try {
        silences = await api('GET', '/api/v2/silences');
      } catch (e) {
        mount(list, notice(e.message, 'error'));
        return;
      }
      if (!silences.length) {
        mount(list, notice(t('noSilences')));
        return;
      }
      mount(
        list,
        h(
          'div',
          { class: 'cards' },
          silences.map((s) =>
            h(
              'article',
              { class: `card silence-${s.status?.state}`, dataset: { silence: s.id } },
              h('header', {}, h('span', { class: 'badge' }, s.status?.state), h('h3', {}, s.comment || s.id)),
              h(
                'ul',
                { class: 'labels' },
                (s.matchers || []).map((m) =>
                  h('li', { class: 'chip' }, `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '=~' : '='}${m.value}`),
                ),
              ),
              h('p', { class: 'meta' }, `${t('ends')}: ${formatTime(s.endsAt)} · ${t('createdBy')}: ${s.createdBy ?? ''}`),
              s.status?.state !== 'expired'
                ? h(
                    'div',
                    { class: 'actions' },
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'expire',
                        onclick: async () => {
                          await api('DELETE', `/api/v2/silence/${encodeURIComponent(s.id)}`);
                          load();
                        },
                      },
                      t('expire'),
                    ),
                  )
                : null,
            ),
          ),
        ),
      );
    }
    load();
  }

  async function showNotifications() {
    mount(body, notice('…'));
    let items;
    try {
      items = await api('GET', '/api/v1/alerts/notifications', { query: { limit: 50 } });
    } catch (e) {
      mount(body, notice(e.message, 'error'));
      return;
    }
    if (!items.length) {
      mount(body, notice(t('noNotifications')));
      return;
    }
    mount(
      body,
      h(
        'table',
        { class: 'records', id: 'notification-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('time')), h('th', {}, t('receiver')), h('th', {}, t('status')), h('th', {}, t('attempts')), h('th', {}, t('error')))),
        h(
          'tbody',
          {},
          items.map((n) =>
            h(
              'tr',
              { class: `status-${n.status}` },
              h('td', { class: 'time' }, formatTime(n.createdAt)),
              h('td', {}, `${n.receiver} · ${n.integration}`),
              h('td', {}, h('span', { class: `badge status-${n.status}` }, n.status), ` ${n.alertStatus ?? ''}`),
              h('td', {}, n.attempts),
              h('td', { class: 'message' }, n.lastError ?? ''),
            ),
          ),
        ),
      ),
    );
  }

  show(current);
  return null;
}
