// The time range picker shared by the views: relative ranges and an absolute from/to.
import { h, select } from '../dom.js';
import { t } from '../i18n.js';
import { RELATIVE, toLocalInput } from '../time.js';

/**
 * @param range {relative: "1h"} or {from: Date, to: Date}
 * @param onChange called with the new range
 */
export function rangePicker(range, onChange) {
  const options = [...RELATIVE.map((r) => [r, t('last', { n: r })]), ['custom', t('custom')]];
  const kind = select({ class: 'range', 'aria-label': t('range'), title: t('range') }, options, range.relative || 'custom');
  const now = new Date();
  const from = h('input', {
    type: 'datetime-local',
    class: 'range-from',
    'aria-label': t('from'),
    value: toLocalInput(range.from || new Date(now - 3_600_000)),
  });
  const to = h('input', { type: 'datetime-local', class: 'range-to', 'aria-label': t('to'), value: toLocalInput(range.to || now) });
  const absolute = h('span', { class: 'absolute', hidden: range.relative ? true : null }, from, to);
  const emit = () => {
    if (kind.value === 'custom') {
      const f = new Date(from.value);
      const e = new Date(to.value);
      if (!Number.isNaN(f.getTime()) && !Number.isNaN(e.getTime()) && f < e) onChange({ from: f, to: e });
    } else {
      onChange({ relative: kind.value });
    }
  };
  kind.addEventListener('change', () => {
    absolute.hidden = kind.value !== 'custom';
    emit();
  });
  from.addEventListener('change', emit);
  to.addEventListener('change', emit);
  return h('span', { class: 'picker' }, kind, absolute);
}
