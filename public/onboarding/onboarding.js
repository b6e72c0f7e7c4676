// @ts-check
/**
 * The onboarding screen (docs/behaviour/review.md). It renders exactly what POST /api/onboarding/action
 * returns and decides nothing: it sends START on load, SUBMIT_TEXT with the box's text and
 * SELECT_OPTION with a button's value. Every server text goes in through textContent, never
 * as HTML, because it is user-influenced.
 */

const ACTION_URL = '/api/onboarding/action';
const DEV_TOKEN_URL = '/api/dev/token';
const SUB_KEY = 'onboarding.sub';
const LOCALE_KEY = 'onboarding.locale';

/** The screen's own chrome; everything the flow says comes from the server. */
const CHROME = {
  es: {
    title: 'Bienvenida',
    language: 'Idioma',
    conversation: 'Conversación',
    answerArea: 'Acciones',
    answer: 'Tu respuesta',
    send: 'Enviar',
    options: 'Opciones',
    next: 'Continuar',
    noToken:
      'No se pudo obtener un token de acceso: este servidor no emite tokens de desarrollo. Abre la página con ?token=<JWT> en la dirección.',
    network: 'No se pudo contactar con el servidor. Inténtalo de nuevo.',
    unexpected: (/** @type {number} */ status) => `Respuesta inesperada del servidor (HTTP ${status}).`,
  },
  en: {
    title: 'Welcome',
    language: 'Language',
    conversation: 'Conversation',
    answerArea: 'Actions',
    answer: 'Your answer',
    send: 'Send',
    options: 'Options',
    next: 'Continue',
    noToken:
      'Could not get an access token: this server does not issue development tokens. Open the page with ?token=<JWT> in the address.',
    network: 'Could not reach the server. Please try again.',
    unexpected: (/** @type {number} */ status) => `Unexpected response from the server (HTTP ${status}).`,
  },
};

/** @typedef {'es' | 'en'} Locale */
/** @typedef {{ role?: unknown, content?: unknown }} Message */
/** @typedef {{ value?: unknown, label?: unknown }} Option */
/** @typedef {{ type?: unknown, options?: unknown }} Ui */
/**
 * @typedef {{
 *   state?: unknown, messages?: unknown, ui?: Ui, context?: { next_route?: unknown },
 *   error?: { message?: unknown }, detail?: { message?: unknown }
 * }} ActionBody
 */

/** @param {string} id */
function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

const root = /** @type {HTMLElement} */ (document.querySelector('[data-testid="onboarding"]'));
const log = byId('log');
const uiArea = byId('ui');
const alertArea = byId('alert');
const localeSelect = /** @type {HTMLSelectElement} */ (byId('locale'));

/** @type {string | null} */
let token = null;
let busy = false;
/** The state the screen shows, sent with each answer so a stale or doubled one is refused. */
/** @type {string | null} */
let shownState = null;
/**
 * The last action whose answer never arrived (network error): sending the same again reuses its
 * Idempotency-Key, so the server applies it at most once.
 * @type {{ signature: string, key: string } | null}
 */
let unanswered = null;
/** @type {Locale} */
let locale = 'es';

/** @param {string} key */
function stored(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** @param {string} key @param {string} value */
function store(key, value) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage unavailable (private mode): the value lives for this page only.
  }
}

function chrome() {
  return CHROME[locale];
}

/** @param {string} value */
function applyLocale(value) {
  locale = value === 'en' ? 'en' : 'es';
  const c = chrome();
  document.documentElement.lang = locale;
  localeSelect.value = locale;
  byId('title').textContent = c.title;
  byId('locale-label').textContent = c.language;
  log.setAttribute('aria-label', c.conversation);
  uiArea.setAttribute('aria-label', c.answerArea);
}

/** @param {string} text */
function showAlert(text) {
  alertArea.textContent = text;
}

/**
 * One bubble per message; newlines survive through CSS (white-space: pre-wrap).
 * @param {string} role @param {string} content
 */
function addBubble(role, content) {
  const li = document.createElement('li');
  li.className = 'bubble';
  li.dataset.role = role;
  li.dataset.testid = 'message';
  li.textContent = content;
  log.append(li);
  li.scrollIntoView({ block: 'nearest' });
}

/** @param {boolean} disabled */
function setControlsDisabled(disabled) {
  for (const el of uiArea.querySelectorAll('button, input')) {
    /** @type {HTMLButtonElement | HTMLInputElement} */ (el).disabled = disabled;
  }
}

/** @param {Ui} ui */
function renderUi(ui) {
  uiArea.replaceChildren();
  const c = chrome();
  if (ui.type === 'input') {
    const form = document.createElement('form');
    form.dataset.testid = 'answer-form';
    const label = document.createElement('label');
    label.htmlFor = 'answer';
    label.textContent = c.answer;
    const input = document.createElement('input');
    input.id = 'answer';
    input.name = 'answer';
    input.type = 'text';
    input.autocomplete = 'off';
    input.dataset.testid = 'answer';
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = c.send;
    button.dataset.testid = 'send';
    form.append(label, input, button);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void act('SUBMIT_TEXT', input.value, input.value);
    });
    uiArea.append(form);
    input.focus();
  } else if (ui.type === 'buttons' && Array.isArray(ui.options)) {
    const group = document.createElement('div');
    group.className = 'options';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', c.options);
    group.dataset.testid = 'options';
    for (const option of /** @type {Option[]} */ (ui.options)) {
      const value = String(option.value ?? '');
      const label = String(option.label ?? value);
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.dataset.value = value;
      button.dataset.testid = 'option';
      button.addEventListener('click', () => void act('SELECT_OPTION', value, label));
      group.append(button);
    }
    uiArea.append(group);
    /** @type {HTMLButtonElement | null} */ (group.querySelector('button'))?.focus();
  }
  // 'none': no interaction.
}

/**
 * Shows a response body as it is: its error message, its messages, its ui. A body that carries
 * no state (401, 5xx) leaves the current controls in place so the user can try again.
 * @param {ActionBody | null} body @param {number} status
 */
function render(body, status) {
  const message = body?.error?.message ?? body?.detail?.message;
  if (typeof message === 'string') showAlert(message);
  else if (status >= 400 || !body) showAlert(chrome().unexpected(status));
  else showAlert('');

  if (body && typeof body.state === 'string') {
    root.dataset.state = body.state;
    shownState = body.state;
  }
  if (body && Array.isArray(body.messages)) {
    for (const m of /** @type {Message[]} */ (body.messages)) {
      addBubble(String(m.role ?? 'assistant'), String(m.content ?? ''));
    }
  }
  if (body?.ui) renderUi(body.ui);
  else setControlsDisabled(false);
  const next = body?.context?.next_route;
  if (typeof next === 'string') renderNext(next);
}

/**
 * The completed flow names where to go next; the screen offers it as a link (the user reads the
 * summary first). Only same-site paths are followed, and none back to this very page.
 * @param {string} route
 */
function renderNext(route) {
  if (!/^\/(?!\/)/.test(route) || route === window.location.pathname) return;
  const link = document.createElement('a');
  const given = new URLSearchParams(window.location.search).get('token');
  link.href = given ? `${route}?token=${encodeURIComponent(given)}` : route;
  link.className = 'next';
  link.dataset.testid = 'next';
  link.textContent = chrome().next;
  uiArea.append(link);
  link.focus();
}

/**
 * Sends one action and renders the reply. `echo` is what the user chose, shown as their bubble.
 * @param {'START' | 'SUBMIT_TEXT' | 'SELECT_OPTION'} action
 * @param {string | null} value
 * @param {string} [echo]
 */
async function act(action, value, echo) {
  if (busy || !token) return;
  busy = true;
  setControlsDisabled(true);
  log.setAttribute('aria-busy', 'true');
  if (echo && echo.trim()) addBubble('user', echo);
  // START only resumes, so it names no state; an answer names the state it was given in.
  /** @type {{ locale: Locale, state?: string }} */
  const context = { locale };
  if (action !== 'START' && shownState) context.state = shownState;
  const payload = JSON.stringify({ action, value, context });
  const key = unanswered && unanswered.signature === payload ? unanswered.key : randomKey();
  unanswered = null;
  try {
    const res = await fetch(ACTION_URL, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Idempotency-Key': key,
      },
      body: payload,
    });
    /** @type {ActionBody | null} */
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    render(body, res.status);
  } catch {
    unanswered = { signature: payload, key };
    showAlert(chrome().network);
    setControlsDisabled(false);
  } finally {
    busy = false;
    log.setAttribute('aria-busy', 'false');
  }
}

function randomHex() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function randomSub() {
  return `web-${randomHex()}`;
}

/** One Idempotency-Key per user action. */
function randomKey() {
  return `screen-${randomHex()}`;
}

/** A development token for this browser's stored subject, or null when the server issues none. */
async function devToken() {
  let sub = stored(SUB_KEY);
  if (!sub) {
    sub = randomSub();
    store(SUB_KEY, sub);
  }
  try {
    const res = await fetch(DEV_TOKEN_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
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
  applyLocale(stored(LOCALE_KEY) ?? 'es');
  localeSelect.addEventListener('change', () => {
    applyLocale(localeSelect.value);
    store(LOCALE_KEY, locale);
    // START resumes where the user is, now in the chosen language.
    void act('START', null);
  });

  token = new URLSearchParams(window.location.search).get('token') || (await devToken());
  if (!token) {
    showAlert(chrome().noToken);
    return;
  }
  await act('START', null);
}

void main();
