// Sign-in with user name and password (auth-service's /api/v1/auth/login).
import { login } from '../api.js';
import { h, notice } from '../dom.js';
import { t } from '../i18n.js';

export function renderLogin(done) {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const org = h('input', { id: 'login-org', name: 'org', autocomplete: 'organization', placeholder: 'default' });
  const message = h('div', { class: 'login-message' });
  const button = h('button', { type: 'submit', class: 'primary' }, t('signIn'));
  const form = h(
    'form',
    {
      class: 'login',
      onsubmit: async (e) => {
        e.preventDefault();
        button.disabled = true;
        message.replaceChildren();
        try {
          await login(username.value.trim(), password.value, org.value.trim() || undefined);
          done();
        } catch (err) {
          message.append(notice(`${t('loginFailed')}: ${err.message}`, 'error'));
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', {}, t('appName')),
    h('label', {}, t('username'), username),
    h('label', {}, t('password'), password),
    h('label', {}, t('org'), org),
    button,
    message,
  );
  return h('div', { class: 'login-page' }, form);
}
