// The session and every call to the ShopWatch API (through the gateway, same origin).
// Tokens live in memory only: a reload asks for the password again, nothing lands in storage a script could read later.

const session = {
  accessToken: null,
  refreshToken: null,
  me: null,
  refreshTimer: null,
};

const listeners = new Set();

/** Called with the session whenever it starts, changes org or ends. */
export function onSessionChange(listener) {
  listeners.add(listener);
}

function changed() {
  for (const l of listeners) l(session.me);
}

export function currentUser() {
  return session.me;
}

/** An error answer of the API, with the problem+json detail when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function takeTokens(pair) {
  session.accessToken = pair.access_token;
  session.refreshToken = pair.refresh_token;
  clearTimeout(session.refreshTimer);
  // refresh well before the access token expires
  const inMs = Math.max(5, Math.floor((pair.expires_in || 300) * 0.75)) * 1000;
  session.refreshTimer = setTimeout(() => refresh().catch(() => logout()), inMs);
  session.me = await api('GET', '/api/v1/auth/me');
  changed();
}

/** Logs in (to {@code org}, or the user's first org). */
export async function login(username, password, org) {
  const response = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(org ? { username, password, org } : { username, password }),
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  await takeTokens(await response.json());
}

/**
 * Switches the session to another org of the signed-in user with the current token (no password): new tokens for that
 * org; the previous org's refresh token is revoked.
 */
export async function switchOrg(org) {
  const previous = session.refreshToken;
  const pair = await api('POST', '/api/v1/auth/switch-org', { body: { org } });
  await takeTokens(pair);
  if (previous) {
    fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: previous }),
    }).catch(() => {});
  }
}

let refreshing = null;

/** Exchanges the refresh token for a new pair; concurrent callers share one exchange. */
export function refresh() {
  if (!session.refreshToken) return Promise.reject(new ApiError(401, null));
  if (!refreshing) {
    refreshing = (async () => {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: session.refreshToken }),
      });
      if (!response.ok) throw new ApiError(response.status, await problemOf(response));
      await takeTokens(await response.json());
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

export async function logout() {
  const token = session.refreshToken;
  clearTimeout(session.refreshTimer);
  session.accessToken = null;
  session.refreshToken = null;
  session.me = null;
  changed();
  if (token) {
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: token }),
    }).catch(() => {});
  }
}

function url(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((item) => params.append(k, item));
    else params.set(k, v);
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * Calls the API with the access token; a 401 refreshes the tokens once and tries again.
 * Answers the parsed JSON body (null for an empty answer).
 */
export async function api(method, path, { query, body, signal } = {}) {
  const send = () =>
    fetch(url(path, query), {
      method,
      signal,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(session.accessToken ? { Authorization: `Bearer ${session.accessToken}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  let response = await send();
  if (response.status === 401 && session.refreshToken) {
    await refresh();
    response = await send();
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Reads Server-Sent Events with the access token (EventSource cannot send headers).
 * Calls onEvent({event, data}) per event until the returned controller is aborted.
 */
export function streamEvents(path, query, onEvent, onError) {
  const controller = new AbortController();
  (async () => {
    const response = await fetch(url(path, query), {
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.accessToken}` },
      signal: controller.signal,
    });
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
        let event = 'message';
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length) onEvent({ event, data: data.join('\n') });
      }
    }
  })().catch((e) => {
    if (e.name !== 'AbortError') onError?.(e);
  });
  return controller;
}
