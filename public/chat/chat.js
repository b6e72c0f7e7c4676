// @ts-check
/**
 * The companion chat screen at /chat/<agent_id>. It renders exactly what POST /api/chat returns
 * (its messages, or its error message) and decides nothing. It continues the user's latest
 * conversation with this avatar when there is one. Server text goes in through textContent only.
 */

const CHAT_URL = '/api/chat';
const DEV_TOKEN_URL = '/api/dev/token';
const SUB_KEY = 'onboarding.sub';
const LOCALE_KEY = 'onboarding.locale';

const CHROME = {
  es: {
    message: 'Tu mensaje',
    send: 'Enviar',
    noToken: 'No se pudo obtener un token de acceso. Abre la página con ?token=<JWT>.',
    network: 'No se pudo contactar con el servidor. Inténtalo de nuevo.',
  },
  en: {
    message: 'Your message',
    send: 'Send',
    noToken: 'Could not get an access token. Open the page with ?token=<JWT>.',
    network: 'Could not reach the server. Please try again.',
  },
};

/** @param {string} id */
function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

const log = byId('log');
const alertArea = byId('alert');
const form = /** @type {HTMLFormElement} */ (byId('form'));
const input = /** @type {HTMLInputElement} */ (byId('message'));
const agentId = decodeURIComponent(window.location.pathname.replace(/^\/chat\//, '').replace(/\/$/, ''));

/** @type {string | null} */
let token = null;
/** @type {string | null} */
let conversationId = null;
/** @type {'es' | 'en'} */
let locale = 'es';

/** @param {string} key */
function stored(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** @param {string} role @param {string} content */
function addBubble(role, content) {
  const li = document.createElement('li');
  li.className = 'bubble';
  li.dataset.role = role;
  li.dataset.testid = 'message';
  li.textContent = content;
  log.append(li);
  li.scrollIntoView({ block: 'nearest' });
}

/** @param {string} url @param {RequestInit} [init] */
async function call(url, init = {}) {
  const res = await fetch(url, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Accept-Language': locale,
    },
  });
  /** @type {any} */
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  return { status: res.status, body };
}

/** @param {string} text */
async function send(text) {
  alertArea.textContent = '';
  if (text.trim()) addBubble('user', text);
  try {
    const { body } = await call(CHAT_URL, {
      method: 'POST',
      body: JSON.stringify({ agent_id: agentId, message: text, conversation_id: conversationId, context: { locale } }),
    });
    if (body?.error) {
      alertArea.textContent = String(body.error.message ?? '');
      return;
    }
    if (typeof body?.conversation_id === 'string') conversationId = body.conversation_id;
    for (const m of Array.isArray(body?.messages) ? body.messages : []) addBubble(String(m.role ?? 'assistant'), String(m.content ?? ''));
  } catch {
    alertArea.textContent = CHROME[locale].network;
  }
}

async function devToken() {
  const sub = stored(SUB_KEY);
  if (!sub) return null;
  try {
    const res = await fetch(DEV_TOKEN_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sub }),
    });
    if (!res.ok) return null;
    const body = await res.json();
    return typeof body?.access_token === 'string' ? body.access_token : null;
  } catch {
    return null;
  }
}

async function main() {
  locale = stored(LOCALE_KEY) === 'en' ? 'en' : 'es';
  document.documentElement.lang = locale;
  byId('message-label').textContent = CHROME[locale].message;
  byId('send').textContent = CHROME[locale].send;
  byId('title').textContent = agentId;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = '';
    void send(text);
  });
  token = new URLSearchParams(window.location.search).get('token') || (await devToken());
  if (!token) {
    alertArea.textContent = CHROME[locale].noToken;
    return;
  }
  // Continue the latest conversation with this avatar, showing it as stored.
  const list = await call('/api/chat/conversations');
  const latest = Array.isArray(list.body?.conversations)
    ? list.body.conversations.find((/** @type {{agent_id: string}} */ c) => c.agent_id === agentId)
    : undefined;
  if (latest) {
    conversationId = latest.conversation_id;
    const msgs = await call(`/api/chat/conversations/${encodeURIComponent(latest.conversation_id)}/messages`);
    for (const m of Array.isArray(msgs.body?.messages) ? msgs.body.messages : []) addBubble(String(m.role), String(m.content));
  }
  document.querySelector('main')?.setAttribute('data-ready', 'true');
  input.focus();
}

void main();
