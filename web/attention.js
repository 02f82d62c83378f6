// "Needs attention": the returns across orders whose refund needs a person (GET /returns?status=attention),
// with Retry on a FAILED refund and Record manual refund on each part a provider could not refund.
// Each row is updated from the API's answer to the operator's action, then followed until it settles.

import {
  $, el, announce, showBox, hideBox, api, returnPath, problemText, showProblem, clearErrorsIn, clearFieldError,
  statusBadge, statusLabel, money, startSession, OPEN_STATUSES, NotSignedIn,
} from './common.js';
import { returnKey, orderLink, partName, partsList, ageElement, latestNote, providerMessage } from './return-rows.js';

const COLUMNS = 7;
const FOLLOW_FOR_MS = 5 * 60_000; // a retried refund is followed this long, then the list's Refresh takes over

const state = {
  // returnKey -> {ret, listed (ret is as the list gave it), row, busy, error, notice, form, timer, delay, followUntil}
  entries: new Map(),
  cursor: null,
  loading: false,
  seq: 0, // bumps on every fresh load: late answers for an older list are dropped
  ids: 0, // numbers element ids of forms and messages
};

// ---- the list --------------------------------------------------------------------------------

async function load({ more = false } = {}) {
  if (state.loading) return;
  const seq = more ? state.seq : ++state.seq;
  const params = new URLSearchParams({ status: 'attention' });
  if (more) params.set('cursor', state.cursor);
  state.loading = true;
  setBusy(true);
  hideBox($('page-error'));
  announce(more ? 'Loading more returns…' : 'Loading the returns that need attention…');
  let response;
  try {
    response = await api('GET', `/returns?${params}`);
  } catch (e) {
    response = { status: 0, error: e };
  } finally {
    state.loading = false;
    setBusy(false);
  }
  if (seq !== state.seq) return;
  if (response.status !== 200) {
    const { title, detail } = response.status === 0
      ? { title: response.error instanceof NotSignedIn ? response.error.message : 'The service could not be reached.',
        detail: response.error instanceof NotSignedIn ? null : String(response.error?.message ?? '') }
      : problemText(response);
    showBox($('page-error'), `The list could not be loaded: ${title}`, detail ? [detail] : []);
    $('page-error').focus();
    announce('');
    return;
  }
  if (!more) reset();
  const added = [];
  for (const ret of response.json.returns ?? []) {
    const key = returnKey(ret);
    const known = state.entries.get(key);
    if (known) {
      // a return listed again (pages are by order): show it as it stands now, once
      known.ret = ret;
      known.listed = true;
      renderRow(known);
      continue;
    }
    const entry = { ret, listed: true, row: el('tr', { tabindex: '-1', dataset: { returnId: ret.returnId, orderId: ret.orderId } }) };
    state.entries.set(key, entry);
    renderRow(entry);
    $('attention-table').tBodies[0].append(entry.row);
    added.push(entry);
  }
  state.cursor = response.json.nextCursor ?? null;
  const count = state.entries.size;
  $('attention-table').hidden = count === 0;
  $('no-attention').hidden = count > 0;
  $('more').hidden = !state.cursor;
  $('list-end').hidden = Boolean(state.cursor) || count === 0;
  $('list-end').textContent = `That is all: ${count} return${count === 1 ? '' : 's'}.`;
  if (more) {
    announce(added.length ? `${added.length} more return${added.length === 1 ? '' : 's'} loaded.`
      : 'No more returns on that page.');
    if (added.length) added[0].row.focus();
  } else {
    announce(count === 0 ? 'Nothing needs attention.'
      : `${count} return${count === 1 ? '' : 's'} need${count === 1 ? 's' : ''} attention${state.cursor ? ' (more with More)' : ''}.`);
  }
}

function reset() {
  for (const entry of state.entries.values()) clearTimeout(entry.timer);
  state.entries.clear();
  $('attention-table').tBodies[0].replaceChildren();
}

function setBusy(busy) {
  $('attention-table').setAttribute('aria-busy', String(busy));
  $('refresh').disabled = busy;
  $('more').disabled = busy;
  $('more').textContent = busy && state.cursor ? 'Loading…' : 'More';
}

// ---- a row -----------------------------------------------------------------------------------

/** Replaces the row's cells from entry.ret; keeps the row element, and focus inside it on the row. */
function renderRow(entry) {
  const { ret, row } = entry;
  const refund = ret.refund;
  const hadFocus = row.contains(document.activeElement) && document.activeElement !== row;
  const focusedAction = hadFocus ? document.activeElement.dataset.action : null;
  const focusedPart = hadFocus ? document.activeElement.dataset.partId : null;

  const latest = latestNote(ret);
  // the newest note is shown unless a part's provider message already quotes it
  const quoted = refund.parts.some((p) => p.status !== 'REFUNDED' && providerMessage(ret, p)?.at === latest?.at);
  const why = el('div', { class: 'why' },
    partsList(ret),
    // an open refund is in the list because it is overdue; once read again, nothing says it still is
    OPEN_STATUSES.has(ret.status) && entry.listed
      ? el('p', { class: 'note' }, 'Overdue: still not refunded more than 15 minutes after it was due.') : null,
    latest && !quoted ? el('p', { class: 'note' }, `Latest: ${latest.note} (${latest.actor})`) : null,
    entry.notice ? el('p', { class: 'notice' }, entry.notice) : null);

  row.replaceChildren(
    el('td', { dataset: { label: 'Order' } }, orderLink(ret.orderId)),
    el('th', { scope: 'row', dataset: { label: 'Entrance invoice' } }, ret.entranceInvoiceNumber),
    el('td', { class: 'status-cell', dataset: { label: 'Status' } }, statusBadge(ret.status)),
    el('td', { class: 'num', dataset: { label: 'Amount' } }, el('strong', {}, money(refund.total, refund.currency))),
    el('td', { dataset: { label: 'Age' } }, ageElement(ret.createdAt)),
    el('td', { class: 'why-cell', dataset: { label: 'Needs a person' } }, why),
    el('td', { class: 'actions-cell', dataset: { label: 'Actions' } }, actions(entry)));
  row.dataset.status = ret.status;

  if (hadFocus) {
    const again = row.querySelector(`button[data-action="${focusedAction}"]${focusedPart
      ? `[data-part-id="${CSS.escape(focusedPart)}"]` : ''}`);
    (again && !again.disabled ? again : row).focus();
  }
}

function actions(entry) {
  const { ret } = entry;
  const buttons = [];
  const errorId = `action-error-${entry.errorId ??= ++state.ids}`;
  if (ret.status === 'FAILED') {
    const retry = el('button', { type: 'button', class: 'retry', dataset: { action: 'retry' },
      'aria-describedby': entry.error ? errorId : null, disabled: entry.busy === 'retry' },
    entry.busy === 'retry' ? 'Retrying…' : 'Retry',
    el('span', { class: 'visually-hidden' }, ` the refund of ${ret.entranceInvoiceNumber}`));
    retry.addEventListener('click', () => retryRefund(entry));
    buttons.push(retry);
  }
  for (const part of ret.refund.parts) {
    if (part.status !== 'MANUAL_REFUND_REQUIRED') continue;
    const open = entry.form?.partId === part.partId;
    const record = el('button', { type: 'button', class: 'secondary record', dataset: { action: 'record', partId: part.partId },
      'aria-expanded': String(open), 'aria-controls': open ? entry.form.id : null,
      'aria-describedby': entry.error ? errorId : null },
    'Record manual refund',
    el('span', { class: 'visually-hidden' }, `: ${partName(part)}, ${money(part.amount, ret.refund.currency)}, of ${ret.entranceInvoiceNumber}`));
    record.addEventListener('click', () => openManualForm(entry, part));
    buttons.push(record);
  }
  const cell = [];
  if (buttons.length) cell.push(el('div', { class: 'row-actions' }, buttons));
  else cell.push(el('span', { class: 'hint' }, ret.status === 'REFUNDED' ? 'Resolved' : 'Retried automatically'));
  if (entry.error) cell.push(el('p', { class: 'field-error', id: errorId }, entry.error));
  return cell;
}

// ---- Retry -----------------------------------------------------------------------------------

async function retryRefund(entry) {
  if (entry.busy) return;
  const { ret } = entry;
  entry.busy = 'retry';
  entry.error = null;
  renderRow(entry);
  announce(`Retrying the refund of ${ret.entranceInvoiceNumber}…`);
  let response;
  try {
    response = await api('POST', `${returnPath(ret.orderId, ret.returnId)}/retry`);
  } catch (e) {
    response = { status: 0, error: e };
  } finally {
    entry.busy = null;
  }
  if (response.status === 202 && response.json?.returnId) {
    entry.ret = response.json;
    entry.listed = false;
    entry.notice = 'Retry requested: the refund is back at work.';
    renderRow(entry);
    entry.row.focus();
    announce(`The refund of ${entry.ret.entranceInvoiceNumber} is back at work: ${statusLabel(entry.ret.status).toLowerCase()}.`);
    follow(entry, { restart: true });
    return;
  }
  entry.error = actionError(response, 'Retry');
  renderRow(entry);
  const button = entry.row.querySelector('button[data-action="retry"]');
  (button ?? entry.row).focus();
  announce(`The refund of ${ret.entranceInvoiceNumber} was not retried: ${entry.error}`);
  // refused because the return moved on (409) or vanished (404): show it as it stands now, and
  // follow it if someone else put it back to work
  if (response.status === 409 || response.status === 404) refreshRow(entry).then(() => follow(entry, { restart: true }));
}

/** A refusal of a row's action as one sentence, for the line under the row's buttons. */
function actionError(response, action) {
  if (response.status === 0) {
    return response.error instanceof NotSignedIn ? response.error.message
      : `The service could not be reached. Press ${action} again.`;
  }
  const { title, detail } = problemText(response);
  // a 409 means the return moved on: the row is read again and shows where it stands
  return detail && response.status !== 409 ? `${title}: ${detail}` : `${title.replace(/[.!]$/, '')}.`;
}

/** Reads the return again and shows it as it stands. */
async function refreshRow(entry) {
  let response;
  try {
    response = await api('GET', returnPath(entry.ret.orderId, entry.ret.returnId));
  } catch {
    return; // the row keeps what it showed; Refresh reloads the list
  }
  if (response.status === 200 && response.json?.returnId) {
    const before = entry.ret.status;
    entry.ret = response.json;
    entry.listed = false;
    renderRow(entry);
    if (before !== entry.ret.status) {
      announce(`Return ${entry.ret.entranceInvoiceNumber}: ${statusLabel(entry.ret.status).toLowerCase()}.`);
    }
  }
}

/** After a retry: reads the return again, 1 s then doubling up to 10 s, until its refund settles. */
function follow(entry, { restart = false } = {}) {
  clearTimeout(entry.timer);
  if (restart) {
    entry.delay = 1000;
    entry.followUntil = Date.now() + FOLLOW_FOR_MS;
  }
  if (!OPEN_STATUSES.has(entry.ret.status) || Date.now() > entry.followUntil) return;
  const seq = state.seq;
  entry.timer = setTimeout(async () => {
    if (seq !== state.seq) return;
    await refreshRow(entry);
    if (!OPEN_STATUSES.has(entry.ret.status)) {
      entry.notice = null;
      renderRow(entry);
    }
    entry.delay = Math.min(entry.delay * 2, 10_000);
    follow(entry);
  }, entry.delay);
}

// ---- Record manual refund ----------------------------------------------------------------------

function openManualForm(entry, part) {
  if (entry.form?.partId === part.partId) {
    entry.form.reference.focus();
    return;
  }
  closeManualForm(entry, { restoreFocus: false });
  const { ret } = entry;
  const n = ++state.ids;
  const id = `manual-${n}`;
  const reference = el('input', { id: `${id}-reference`, name: 'reference', required: true, maxlength: 100,
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-reference-hint ${id}-reference-error` });
  const note = el('textarea', { id: `${id}-note`, name: 'note', maxlength: 500, rows: 2,
    'aria-describedby': `${id}-note-hint ${id}-note-error` });
  const box = el('div', { class: 'error-box', id: `${id}-error`, role: 'alert', tabindex: '-1', hidden: true });
  const submit = el('button', { type: 'submit', id: `${id}-submit` }, 'Record manual refund');
  const cancel = el('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const heading = el('h3', { id: `${id}-heading`, tabindex: '-1' }, 'Record manual refund');
  const form = el('form', { novalidate: true },
    el('div', { class: 'grid two' },
      el('div', { class: 'field' },
        el('label', { for: reference.id }, 'Reference ', el('span', { class: 'required' }, '(required)')),
        reference,
        el('p', { class: 'hint', id: `${id}-reference-hint` }, 'The refund’s id in the payment system, or the transfer’s reference.'),
        el('p', { class: 'field-error', id: `${id}-reference-error`, hidden: true })),
      el('div', { class: 'field' },
        el('label', { for: note.id }, 'Note'),
        note,
        el('p', { class: 'hint', id: `${id}-note-hint` }, 'Optional: how it was refunded.'),
        el('p', { class: 'field-error', id: `${id}-note-error`, hidden: true }))),
    box,
    el('div', { class: 'actions' }, submit, cancel));
  const section = el('section', { class: 'manual-form', id, 'aria-labelledby': heading.id },
    heading,
    el('p', { class: 'hint' }, `${partName(part)}, ${money(part.amount, ret.refund.currency)}, of return `
      + `${ret.entranceInvoiceNumber} (order ${ret.orderId}). Refund it by hand first, then record it here.`),
    form);
  const formRow = el('tr', { class: 'form-row' }, el('td', { colspan: COLUMNS }, section));
  entry.form = { id, partId: part.partId, row: formRow, reference, note, box, submit, busy: false };
  entry.row.after(formRow);
  renderRow(entry); // the button now says the form is open (aria-expanded)

  const fields = {
    reference: { input: reference, error: $(`${id}-reference-error`), label: 'Reference' },
    note: { input: note, error: $(`${id}-note-error`), label: 'Note' },
  };
  for (const { input, error } of Object.values(fields)) input.addEventListener('input', () => clearFieldError(input, error));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    recordManualRefund(entry, part, fields);
  });
  cancel.addEventListener('click', () => closeManualForm(entry));
  section.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeManualForm(entry);
  });
  reference.focus();
}

function closeManualForm(entry, { restoreFocus = true } = {}) {
  const form = entry.form;
  if (!form) return;
  entry.form = null;
  form.row.remove();
  renderRow(entry);
  if (!restoreFocus) return;
  const opener = entry.row.querySelector(`button[data-action="record"][data-part-id="${CSS.escape(form.partId)}"]`);
  (opener ?? entry.row).focus();
}

async function recordManualRefund(entry, part, fields) {
  const form = entry.form;
  if (!form || form.busy) return; // Enter pressed twice, or a click while the request is on its way
  clearErrorsIn(form.row, form.box);
  // the service checks the reference (required, length): its refusal is shown next to the field
  const body = JSON.stringify({ reference: form.reference.value.trim(), note: form.note.value.trim() || null });
  form.busy = true;
  form.submit.disabled = true;
  form.submit.textContent = 'Recording…';
  form.row.setAttribute('aria-busy', 'true');
  announce('Recording the manual refund…');
  const { ret } = entry;
  let response;
  try {
    response = await api('POST', `${returnPath(ret.orderId, ret.returnId)}/parts/${encodeURIComponent(part.partId)}/manual-refund`,
      { body });
  } catch (e) {
    response = { status: 0, error: e };
  } finally {
    form.busy = false;
    form.submit.disabled = false;
    form.submit.textContent = 'Record manual refund';
    form.row.removeAttribute('aria-busy');
  }
  if (entry.form !== form) return; // closed meanwhile
  if (response.status === 200 && response.json?.returnId) {
    entry.ret = response.json;
    entry.listed = false;
    entry.error = null;
    entry.notice = null;
    closeManualForm(entry, { restoreFocus: false });
    entry.row.focus();
    const recorded = entry.ret.refund.parts.find((p) => p.partId === part.partId);
    announce(`${partName(part)} of ${entry.ret.entranceInvoiceNumber} recorded as refunded by hand`
      + `${recorded?.providerReference ? ` (reference ${recorded.providerReference})` : ''}; the return is `
      + `${statusLabel(entry.ret.status).toLowerCase()}.`);
    return;
  }
  if (response.status === 0 || response.status >= 500) {
    const why = response.status === 0
      ? (response.error instanceof NotSignedIn ? response.error.message : 'The service could not be reached.')
      : `The service answered HTTP ${response.status}.`;
    // recording the same reference twice answers the first recording: trying again is safe
    showBox(form.box, why, ['Press Record manual refund again: the same reference is recorded once.']);
    form.box.focus();
    announce(why);
    return;
  }
  showProblem(response, fields, form.box);
  announce(`The manual refund was not recorded: ${problemText(response).title}`);
  // the part is no longer waiting for a person (409) or is gone (404): show the return as it stands
  if (response.status === 409 || response.status === 404) refreshRow(entry);
}

// ---- start -----------------------------------------------------------------------------------

async function start() {
  $('refresh').addEventListener('click', () => load());
  $('more').addEventListener('click', () => load({ more: true }));
  const started = await startSession({ onAccount: () => load() });
  if (!started) {
    $('refresh').disabled = true;
    return;
  }
  load();
}

start();
