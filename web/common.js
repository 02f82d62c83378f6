// What every view of the operator's page shares: the API client and the session it runs in
// (local stack or signed in), money from integer minor units, status badges, field errors and
// announcements. Plain DOM; every text from the API goes in through textContent.

import * as auth from './auth.js';

export const OPEN_STATUSES = new Set(['PENDING', 'PROCESSING']);
export const STATUS_LABELS = {
  PENDING: 'Pending',
  PROCESSING: 'Processing',
  REFUNDED: 'Refunded',
  MANUAL_REFUND_REQUIRED: 'Manual refund required',
  FAILED: 'Failed',
};

export const $ = (id) => document.getElementById(id);

/** Creates an element: el('td', {class: 'num', dataset: {label: 'Units'}}, 'text', child...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function announce(message) {
  const status = $('status');
  // re-announce the same text too: clear first, set a moment later
  status.textContent = '';
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => { status.textContent = message; }, 50);
}

export function showBox(box, title, lines = []) {
  box.replaceChildren(el('p', { class: 'error-title' }, title), ...lines.map((line) => el('p', {}, line)));
  box.hidden = false;
}

export function hideBox(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** The API's "must be …" messages as sentences about the field's label. */
export function sentence(label, message) {
  const text = String(message ?? '').trim();
  if (/^(must|is|are|may|cannot|can)\b/.test(text)) return `${label} ${text}.`.replace(/\.\.$/, '.');
  return text ? `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}` : `${label} is not valid.`;
}

export function statusLabel(status) {
  return STATUS_LABELS[status] ?? status;
}

export function statusBadge(status) {
  return el('span', { class: `badge ${String(status).toLowerCase().replace(/_/g, '-')}` }, statusLabel(status));
}

// ---- money: integer minor units, formatted with Intl.NumberFormat ----------------------------

const formatters = new Map();

function formatter(currency) {
  if (!formatters.has(currency)) {
    formatters.set(currency, new Intl.NumberFormat(undefined, { style: 'currency', currency }));
  }
  return formatters.get(currency);
}

/** Digits after the decimal point in the currency (USD 2, JPY 0, KWD 3). */
export function fractionDigits(currency) {
  return formatter(currency).resolvedOptions().maximumFractionDigits;
}

/** 1234 with 2 digits → "12.34", as an exact decimal string (no floating point). */
export function decimalString(minor, digits) {
  const sign = minor < 0 ? '-' : '';
  const units = String(Math.abs(minor));
  if (digits === 0) return sign + units;
  const padded = units.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

export function money(minor, currency) {
  // format() takes a decimal string exactly (Intl.NumberFormat v3)
  return formatter(currency).format(decimalString(minor, fractionDigits(currency)));
}

/**
 * Parses what a person types ("12", "12.5", "12.00", "12,00") into integer minor units, exactly:
 * the digits are joined as a string and read as an integer, never multiplied as a float.
 */
export function parseAmount(text, currency) {
  const digits = fractionDigits(currency);
  const example = decimalString(1200 * 10 ** Math.max(0, digits - 2), digits);
  const s = text.replace(/\s+/g, '');
  if (s === '') return { minor: 0 };
  const pattern = digits > 0 ? new RegExp(`^(\\d+)(?:[.,](\\d{0,${digits}}))?$`) : /^(\d+)$/;
  const match = pattern.exec(s);
  if (!match) {
    return { error: digits > 0 ? `Enter an amount in ${currency} with at most ${digits} decimals, like ${example}.`
      : `Enter a whole amount in ${currency}, like ${example}.` };
  }
  const minor = BigInt(match[1] + (match[2] ?? '').padEnd(digits, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { error: 'That amount is too large.' };
  return { minor: Number(minor) };
}

// ---- dates -----------------------------------------------------------------------------------

export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '–') : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function formatDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '–')
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

// ---- the session: local stack or signed in ---------------------------------------------------

export class NotSignedIn extends Error {}

export const session = { env: null }; // env: {mode: 'local'|'deployed', apiBaseUrl, config}

export function account() {
  return $('account').value.trim() || 'acme';
}

async function token(fresh) {
  if (session.env.mode === 'local') return auth.localToken(account(), { fresh });
  const t = auth.deployedToken();
  if (!t) throw new NotSignedIn('Sign in to continue.');
  return t;
}

function updateSession() {
  const local = session.env?.mode === 'local';
  $('account-field').hidden = !local;
  const signedIn = !local && auth.deployedToken() !== null;
  $('sign-in').hidden = local || signedIn || !session.env;
  $('sign-out').hidden = local || !signedIn;
  updatePageLinks();
}

/**
 * A link to another view of the page. On the local stack it carries the store account, so moving
 * between views keeps looking at the same account.
 */
export function pageHref(file, params = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  if (session.env?.mode === 'local' && account() !== 'acme') search.set('account', account());
  const query = search.toString();
  return query ? `${file}?${query}` : file;
}

function updatePageLinks() {
  for (const link of document.querySelectorAll('a[data-page]')) link.href = pageHref(link.dataset.page);
}

/**
 * Starts a view: finds out where the API is, finishes a sign-in redirect, wires the header.
 * Returns false (with the reason shown) when the page cannot work; onAccount runs when the
 * local store account is changed.
 */
export async function startSession({ onAccount } = {}) {
  $('sign-in').addEventListener('click', () => auth.signIn(session.env.config).catch((e) => {
    showBox($('page-error'), 'Sign-in could not start.', [e.message]);
    $('page-error').focus();
  }));
  $('sign-out').addEventListener('click', () => {
    auth.signOut();
    updateSession();
    announce('Signed out.');
  });
  $('account').addEventListener('change', () => {
    updatePageLinks();
    onAccount?.();
  });
  try {
    session.env = await auth.detectMode();
  } catch (e) {
    showBox($('page-error'), 'The page cannot reach the returns service.', [e.message]);
    return false;
  }
  if (session.env.mode === 'deployed') {
    try {
      await auth.completeSignIn(session.env.config);
    } catch (e) {
      showBox($('page-error'), e.message);
    }
  }
  const params = new URLSearchParams(location.search);
  if (session.env.mode === 'local' && params.get('account')) $('account').value = params.get('account');
  updateSession();
  document.body.dataset.ready = session.env.mode; // for tests and curious people
  return true;
}

// ---- the API ---------------------------------------------------------------------------------

/**
 * Calls the API; body is a string, sent byte for byte (the Idempotency-Key fingerprints it).
 * Answers {status, json, text, headers}: json is null when the answer is not JSON.
 */
export async function api(method, path, { body, headers = {}, accept = 'application/json, application/problem+json' } = {}) {
  const send = async (fresh) => {
    const h = { accept, ...headers };
    h.authorization = `Bearer ${await token(fresh)}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    return fetch(session.env.apiBaseUrl + path, { method, headers: h, body, cache: 'no-store' });
  };
  let response = await send(false);
  // local tokens expire after a while: get a new one once (the request is safe to repeat)
  if (response.status === 401 && session.env.mode === 'local') response = await send(true);
  if (response.status === 401 && session.env.mode === 'deployed') {
    auth.signOut();
    updateSession();
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (CSV, or a gateway error page): keep the status and the text
  }
  return { status: response.status, json, text, headers: response.headers };
}

export function orderPath(orderId) {
  return `/orders/${encodeURIComponent(orderId)}`;
}

export function returnPath(orderId, returnId) {
  return `${orderPath(orderId)}/returns/${encodeURIComponent(returnId)}`;
}

/** A problem's title and detail, for a general error area. */
export function problemText(response) {
  const p = response.json ?? {};
  const title = p.title ?? p.message ?? `The service answered HTTP ${response.status}.`;
  return { title: String(title), detail: p.detail ? String(p.detail) : null };
}

/** The problem's errors as [{field, message}] (an empty list when there are none). */
export function problemErrors(response) {
  const errors = response.json?.errors;
  return Array.isArray(errors) ? errors : [];
}

// ---- field errors ----------------------------------------------------------------------------

export function setFieldError(input, error, message) {
  error.textContent = error.hidden || !error.textContent ? message : `${error.textContent} ${message}`;
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
}

export function clearFieldError(input, error) {
  input.removeAttribute('aria-invalid');
  if (error) {
    error.hidden = true;
    error.textContent = '';
  }
}

/** Clears every field error and the error box inside a container (a form). */
export function clearErrorsIn(container, box) {
  for (const input of container.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const error of container.querySelectorAll('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  if (box) hideBox(box);
}

export function firstInDocumentOrder(nodes) {
  return [...nodes].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
}

/**
 * Shows a refused request's errors next to their fields ({field: {input, error, label}}) and the
 * rest in the box; focuses the first field in error, or the box. Returns the fields in error.
 */
export function showProblem(response, fields, box) {
  const unmatched = [];
  const invalid = [];
  for (const e of problemErrors(response)) {
    const target = fields[e.field];
    if (!target) {
      unmatched.push(e.field ? `${e.field}: ${e.message}` : String(e.message));
      continue;
    }
    setFieldError(target.input, target.error, sentence(target.label, e.message));
    invalid.push(target.input);
  }
  if (unmatched.length || invalid.length === 0) {
    const { title, detail } = problemText(response);
    showBox(box, title, unmatched.length ? unmatched : detail ? [detail] : []);
  }
  const first = firstInDocumentOrder(invalid);
  if (first) first.focus();
  else box.focus();
  return invalid;
}
