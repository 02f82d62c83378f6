// The operator's "Return items" page (DESIGN.md section 1): open an order, see what can be
// returned, return items with an additional value, follow the refund until it is paid.
// Plain DOM, no framework; every text from the API goes in through textContent.

import {
  $, el, announce, showBox, hideBox, sentence, money, decimalString, fractionDigits, parseAmount, statusBadge,
  STATUS_LABELS, OPEN_STATUSES, formatDate, NotSignedIn, session, account, api, orderPath, problemText,
  setFieldError, clearFieldError, firstInDocumentOrder, startSession,
} from './common.js';

// the money helpers live in common.js; they stay importable from here (the browser test imports them)
export { money, parseAmount } from './common.js';

const POLL_MS = 1000;
const FIELDS = {
  additionalValue: { id: 'additional-value', label: 'Additional value' },
  referredTo: { id: 'referred-to', label: 'Referred to' },
  entranceInvoiceNumber: { id: 'entrance-invoice-number', label: 'Entrance invoice number' },
  reason: { id: 'reason', label: 'Reason of return' },
};

const state = {
  orderId: null,
  order: null,
  loadSeq: 0, // bumps when another order is opened: late answers for the old one are dropped
  pollTimer: null,
  pollFailures: 0,
  submitting: false,
  // The submission whose outcome is unknown (network error, 5xx): retrying the same body reuses
  // its Idempotency-Key, so the service replays the first result instead of creating a second return.
  attempt: null, // {body, key, lines}
  lines: [], // the return form's item lines: {itemIndex, item, checkbox, units, error}
};

// ---- the returns rules the page mirrors ------------------------------------------------------

/** R6: the unit selling price of the item on its first sale (Output) invoice, or null. */
function invoicedUnitPrice(order, itemIndex) {
  for (const invoice of order.invoices) {
    if (invoice.type !== 'Output') continue;
    const line = invoice.items.find((l) => l.itemIndex === itemIndex);
    if (line) return line.unitPrice;
  }
  return null;
}

/**
 * R6, as RefundPlan.of in the service: items value always chargeback; an additional value equal
 * to the order's shipping total all chargeback, below it half chargeback and half gift card, the
 * odd cent to the chargeback.
 */
export function refundPlan(itemsValue, additionalValue, shippingTotal) {
  let giftCard = 0;
  let additionalChargeback = additionalValue;
  if (additionalValue !== shippingTotal) {
    giftCard = Math.floor(additionalValue / 2);
    additionalChargeback = additionalValue - giftCard;
  }
  return {
    itemsValue,
    additionalValue,
    chargeback: itemsValue + additionalChargeback,
    giftCard,
    total: itemsValue + additionalValue,
  };
}

function hasOpenRefund(order) {
  return (order?.returns ?? []).some((r) => OPEN_STATUSES.has(r.status));
}

// ---- opening an order ------------------------------------------------------------------------

async function openOrder(orderId, { focus = true } = {}) {
  const input = $('order-id');
  clearFieldError(input, $('order-id-error'));
  hideBox($('page-error'));
  if (!orderId) {
    setFieldError(input, $('order-id-error'), 'Enter an order id.');
    input.focus();
    return;
  }
  const url = new URL(location.href);
  url.searchParams.set('order', orderId);
  history.replaceState(null, '', url);
  stopPolling();
  closeReturnForm({ restoreFocus: false });
  const seq = ++state.loadSeq;
  state.orderId = orderId;
  $('open-order-button').disabled = true;
  announce(`Opening order ${orderId}…`);
  let response;
  try {
    response = await api('GET', orderPath(orderId));
  } catch (e) {
    if (seq === state.loadSeq) failOpen(e);
    return;
  } finally {
    if (seq === state.loadSeq) $('open-order-button').disabled = false;
  }
  if (seq !== state.loadSeq) return;
  if (response.status === 200) {
    state.order = response.json;
    render();
    $('order').hidden = false;
    const returnable = state.order.items.reduce((n, item) => n + item.returnableQuantity, 0);
    announce(`Order ${orderId} opened: ${state.order.items.length} items, ${returnable} units returnable, `
      + `${state.order.returns.length} returns.`);
    if (focus) $('order-heading').focus();
    schedulePoll();
    return;
  }
  state.order = null;
  $('order').hidden = true;
  if (response.status === 404) {
    const where = session.env.mode === 'local' ? ` in store account ${account()}` : '';
    setFieldError(input, $('order-id-error'), `There is no order ${orderId}${where}.`);
    input.focus();
    announce('');
  } else if (response.status === 400 && response.json?.errors?.length) {
    setFieldError(input, $('order-id-error'), sentence('Order id', response.json.errors[0].message));
    input.focus();
    announce('');
  } else {
    const { title, detail } = problemText(response);
    showBox($('page-error'), title, detail ? [detail] : []);
    $('page-error').focus();
    announce('');
  }
}

function failOpen(e) {
  state.order = null;
  $('order').hidden = true;
  showBox($('page-error'), e instanceof NotSignedIn ? e.message : 'The order could not be loaded.',
    e instanceof NotSignedIn ? [] : [String(e.message ?? e)]);
  $('page-error').focus();
  announce('');
}

// ---- rendering the order ---------------------------------------------------------------------

function render() {
  const order = state.order;
  const currency = order.currency;
  $('order-heading').textContent = `Order ${order.orderId}`;
  $('order-heading').setAttribute('tabindex', '-1');

  const summary = [
    ['Status', order.status],
    ['Currency', currency],
    ['Shipping total', money(order.totals.shipping, currency)],
    ['Shipping left to reimburse', money(order.shippingReturnable, currency)],
    ['Invoiced', money(order.invoicedValue, currency)],
    // every return's refund, paid or not yet: each return's own status says where its money stands
    ['Refunds of all returns', money(order.refundedValue, currency)],
  ];
  $('order-summary').replaceChildren(...summary.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value ?? '–'))));

  $('items-table').tBodies[0].replaceChildren(...order.items.map((item) => {
    const price = invoicedUnitPrice(order, item.index);
    return el('tr', { dataset: { itemIndex: item.index } },
      el('th', { scope: 'row', dataset: { label: 'Item' } }, item.name ?? `Item ${item.index}`),
      el('td', { dataset: { label: 'SKU' } }, item.id),
      el('td', { class: 'num', dataset: { label: 'Unit price' } }, price === null ? 'not invoiced' : money(price, currency)),
      el('td', { class: 'num', dataset: { label: 'Invoiced' } }, item.invoicedQuantity),
      el('td', { class: 'num', dataset: { label: 'Returned' } }, item.returnedQuantity),
      el('td', { class: 'num returnable', dataset: { label: 'Returnable' } }, item.returnableQuantity));
  }));

  const names = new Map(order.items.map((item) => [item.index, item.name]));
  $('invoices-table').tBodies[0].replaceChildren(...order.invoices.map((invoice) => el('tr', {},
    el('td', { dataset: { label: 'Type' } }, invoice.type === 'Output' ? 'Sale (Output)' : 'Entrance (Input)'),
    el('th', { scope: 'row', dataset: { label: 'Number' } }, invoice.invoiceNumber),
    el('td', { dataset: { label: 'Issued' } }, formatDate(invoice.issuanceDate)),
    el('td', { dataset: { label: 'Items' } }, invoice.items.length
      ? el('ul', { class: 'plain' }, invoice.items.map((l) => el('li', {}, `${l.quantity} × ${names.get(l.itemIndex) ?? l.id}`)))
      : 'no items'),
    el('td', { class: 'num', dataset: { label: 'Value' } }, money(invoice.invoiceValue, currency)))));

  renderReturns();

  const canReturn = order.items.some((item) => item.returnableQuantity > 0) || order.shippingReturnable > 0;
  const button = $('return-items');
  button.disabled = !canReturn;
  button.title = canReturn ? '' : 'Nothing left to return on this order';
  if (!$('return-form-section').hidden) updateFormLimits();
}

/** Updates rows in place (keyed by return id) so focus on a row survives polling. */
function renderReturns() {
  const order = state.order;
  const tbody = $('returns-table').tBodies[0];
  const existing = new Map([...tbody.rows].map((row) => [row.dataset.returnId, row]));
  const rows = order.returns.map((r) => {
    const row = existing.get(r.returnId) ?? el('tr', { dataset: { returnId: r.returnId }, tabindex: '-1' });
    const refund = r.refund;
    const itemList = el('ul', { class: 'plain' },
      r.items.map((line) => el('li', {}, `${line.quantity} × ${line.name ?? line.id}`)),
      refund.additionalValue > 0
        ? el('li', {}, `Additional value ${money(refund.additionalValue, refund.currency)}${r.referredTo ? ` (${r.referredTo})` : ''}`)
        : null);
    const parts = [];
    if (refund.chargeback > 0) parts.push(`Chargeback ${money(refund.chargeback, refund.currency)}`);
    if (refund.giftCard > 0) parts.push(`Gift card ${money(refund.giftCard, refund.currency)}`);
    const cells = [
      el('th', { scope: 'row', dataset: { label: 'Entrance invoice' } }, r.entranceInvoiceNumber),
      el('td', { dataset: { label: 'Items' } }, itemList),
      el('td', { class: 'reason', dataset: { label: 'Reason' } }, r.reason),
      el('td', { class: 'num', dataset: { label: 'Refund' } }, el('div', {},
        el('strong', {}, money(refund.total, refund.currency)), parts.map((part) => el('span', { class: 'parts' }, part)))),
      el('td', { class: 'status-cell', dataset: { label: 'Refund status' } }, statusBadge(r.status)),
    ];
    // replace the cells' content, keep the row element (and focus on it)
    if (row.cells.length !== cells.length || row.dataset.status !== r.status || !row.cells.length) {
      row.replaceChildren(...cells);
      row.dataset.status = r.status;
    }
    return row;
  });
  // move or add only what changed: taking a focused row out of the document would drop its focus
  rows.forEach((row, i) => {
    if (tbody.rows[i] !== row) tbody.insertBefore(row, tbody.rows[i] ?? null);
  });
  while (tbody.rows.length > rows.length) tbody.rows[rows.length].remove();
  $('returns-table').hidden = rows.length === 0;
  $('no-returns').hidden = rows.length > 0;
}

// ---- polling while refunds are under way -----------------------------------------------------

function schedulePoll() {
  clearTimeout(state.pollTimer);
  state.pollTimer = null;
  if (!hasOpenRefund(state.order)) return;
  const delay = Math.min(POLL_MS * 2 ** state.pollFailures, 10_000);
  const seq = state.loadSeq;
  state.pollTimer = setTimeout(() => poll(seq), delay);
}

function stopPolling() {
  clearTimeout(state.pollTimer);
  state.pollTimer = null;
  state.pollFailures = 0;
}

async function poll(seq) {
  let response;
  try {
    response = await api('GET', orderPath(state.orderId));
  } catch {
    response = null;
  }
  if (seq !== state.loadSeq) return; // another order was opened meanwhile
  if (response?.status !== 200) {
    state.pollFailures = Math.min(state.pollFailures + 1, 4);
    if (response && [401, 403, 404].includes(response.status)) {
      const { title, detail } = problemText(response);
      showBox($('page-error'), `Refund status updates stopped: ${title}`, detail ? [detail] : []);
      return;
    }
    schedulePoll();
    return;
  }
  state.pollFailures = 0;
  const before = new Map(state.order.returns.map((r) => [r.returnId, r.status]));
  state.order = response.json;
  render();
  const changes = state.order.returns
    .filter((r) => before.has(r.returnId) && before.get(r.returnId) !== r.status)
    .map((r) => `Return ${r.entranceInvoiceNumber}: ${(STATUS_LABELS[r.status] ?? r.status).toLowerCase()}.`);
  if (changes.length) announce(changes.join(' '));
  schedulePoll();
}

// ---- the return form -------------------------------------------------------------------------

function openReturnForm() {
  const order = state.order;
  const currency = order.currency;
  state.attempt = null;
  clearFormErrors();
  $('return-form').reset();
  state.lines = order.items.filter((item) => item.returnableQuantity > 0).map((item) => {
    const base = `line-${item.index}`;
    const price = invoicedUnitPrice(order, item.index);
    const checkbox = el('input', { type: 'checkbox', id: `${base}-check`, name: 'item', value: item.index,
      'aria-describedby': `${base}-info ${base}-error` });
    const units = el('input', { type: 'number', id: `${base}-units`, name: `units-${item.index}`, min: 1,
      max: item.returnableQuantity, step: 1, value: 1, inputmode: 'numeric', disabled: true,
      'aria-describedby': `${base}-units-hint ${base}-error` });
    const error = el('p', { class: 'field-error', id: `${base}-error`, hidden: true });
    const row = el('div', { class: 'return-line', dataset: { itemIndex: item.index } },
      el('div', { class: 'line-pick' }, checkbox,
        el('label', { for: checkbox.id }, item.name ?? `Item ${item.index}`)),
      el('p', { class: 'hint', id: `${base}-info` },
        `SKU ${item.id} · ${price === null ? 'not invoiced' : `${money(price, currency)} each`}`),
      el('div', { class: 'line-units' },
        el('label', { for: units.id }, 'Units', el('span', { class: 'visually-hidden' }, ` of ${item.name}`)),
        units,
        el('span', { class: 'hint', id: `${base}-units-hint` }, `of ${item.returnableQuantity} returnable`)),
      error);
    checkbox.addEventListener('change', () => {
      units.disabled = !checkbox.checked;
      row.classList.toggle('picked', checkbox.checked);
      clearFieldError(checkbox, error);
      clearFieldError(units, error);
      updatePlan();
    });
    units.addEventListener('input', () => { clearFieldError(units, error); updatePlan(); });
    // never more than returnable: out-of-range or fractional units are corrected when committed
    units.addEventListener('change', () => {
      const max = Number(units.max);
      const n = Math.trunc(Number(units.value));
      if (units.value !== '' && Number.isFinite(n)) units.value = String(Math.min(Math.max(n, 1), max));
      updatePlan();
    });
    return { itemIndex: item.index, item, checkbox, units, error, row };
  });
  $('return-lines').replaceChildren(...(state.lines.length ? state.lines.map((l) => l.row)
    : [el('p', { class: 'empty' }, 'No units are left to return; a return can still carry an additional value.')]));

  $('additional-currency').textContent = `(${currency})`;
  $('additional-value').placeholder = decimalString(0, fractionDigits(currency));
  updateFormLimits();
  updatePlan();

  $('return-form-section').hidden = false;
  $('return-items').setAttribute('aria-expanded', 'true');
  $('return-form-heading').focus();
  $('return-form-section').scrollIntoView({ block: 'start', behavior: 'instant' });
}

/** The hints that depend on the order's current state (also refreshed by polling). */
function updateFormLimits() {
  const order = state.order;
  const currency = order.currency;
  const shipping = order.totals.shipping;
  $('additional-value-hint').textContent = `Shipping reimbursement: up to ${money(order.shippingReturnable, currency)}`
    + ` (shipping total ${money(shipping, currency)}).`;
  for (const line of state.lines) {
    const current = order.items.find((item) => item.index === line.itemIndex);
    if (!current) continue;
    line.item = current;
    line.units.max = String(Math.max(current.returnableQuantity, 1));
  }
}

function closeReturnForm({ restoreFocus = true } = {}) {
  const section = $('return-form-section');
  if (section.hidden) return;
  section.hidden = true;
  $('return-items').setAttribute('aria-expanded', 'false');
  state.attempt = null;
  if (restoreFocus) $('return-items').focus();
}

/** The form as a request, or the local problems that keep it from being sent. */
function collectForm() {
  const currency = state.order.currency;
  const problems = [];
  const lines = [];
  for (const line of state.lines) {
    if (!line.checkbox.checked) continue;
    const text = line.units.value.trim();
    const n = Number(text);
    const max = line.item.returnableQuantity;
    if (text === '' || !Number.isInteger(n) || n < 1) {
      problems.push({ input: line.units, error: line.error, message: 'Units must be a whole number, at least 1.' });
    } else if (n > max) {
      problems.push({ input: line.units, error: line.error,
        message: `Only ${max} unit${max === 1 ? '' : 's'} of this item can be returned.` });
    }
    lines.push({ line, quantity: n });
  }
  const amount = parseAmount($('additional-value').value, currency);
  if (amount.error) {
    problems.push({ input: $('additional-value'), error: $('additional-value-error'), message: amount.error });
  }
  if (lines.length === 0 && !amount.error && amount.minor === 0) {
    problems.push({ input: state.lines[0]?.checkbox ?? $('additional-value'),
      error: state.lines.length ? $('items-error') : $('additional-value-error'),
      message: 'Tick at least one item to return (or enter an additional value).' });
  }
  const request = {
    items: lines.map(({ line, quantity }) => ({ itemIndex: line.itemIndex, quantity })),
    additionalValue: amount.minor ?? 0,
    referredTo: $('referred-to').value.trim() || null,
    entranceInvoiceNumber: $('entrance-invoice-number').value.trim(),
    reason: $('reason').value.trim(),
  };
  return { request, problems, lines: lines.map(({ line }) => line) };
}

function updatePlan() {
  const order = state.order;
  const currency = order.currency;
  let itemsValue = 0;
  let complete = true;
  for (const line of state.lines) {
    if (!line.checkbox.checked) continue;
    const n = Number(line.units.value);
    const price = invoicedUnitPrice(order, line.itemIndex);
    if (!Number.isInteger(n) || n < 1 || n > line.item.returnableQuantity || price === null) {
      complete = false;
      continue;
    }
    itemsValue += n * price; // integers well inside Number's exact range
  }
  const amount = parseAmount($('additional-value').value, currency);
  const show = (id, minor) => { $(id).textContent = minor === null ? '–' : money(minor, currency); };
  if (amount.error || !complete) {
    for (const id of ['plan-items', 'plan-additional', 'plan-chargeback', 'plan-gift-card', 'plan-total']) show(id, null);
    $('plan-note').textContent = 'Correct the units or the additional value to see the refund.';
    return;
  }
  const plan = refundPlan(itemsValue, amount.minor, order.totals.shipping);
  show('plan-items', plan.itemsValue);
  show('plan-additional', plan.additionalValue);
  show('plan-chargeback', plan.chargeback);
  show('plan-gift-card', plan.giftCard);
  show('plan-total', plan.total);
  const shipping = money(order.totals.shipping, currency);
  $('plan-note').textContent = plan.additionalValue === 0
    ? 'The items are refunded to the original payment (chargeback).'
    : plan.additionalValue === order.totals.shipping
      ? `The additional value equals the shipping total (${shipping}): all of it goes back as chargeback.`
      : `The additional value is below the shipping total (${shipping}): half goes back as chargeback, `
        + 'half as a gift card (an odd cent to the chargeback). Items are always chargeback.';
}

// ---- field errors ----------------------------------------------------------------------------

function clearFormErrors() {
  const form = $('return-form');
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const error of form.querySelectorAll('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  hideBox($('form-error'));
}

/** Where an API error field belongs: {input, error, label}, or null for the general area. */
function fieldTarget(field, submittedLines) {
  if (FIELDS[field]) {
    const { id, label } = FIELDS[field];
    return { input: $(id), error: $(`${id}-error`), label };
  }
  const match = /^items\[(\d+)\](?:\.(itemIndex|quantity))?$/.exec(field ?? '');
  if (match) {
    const line = submittedLines[Number(match[1])];
    if (!line) return null;
    return match[2] === 'quantity'
      ? { input: line.units, error: line.error, label: 'Units' }
      : { input: line.checkbox, error: line.error, label: line.item.name ?? 'Item' };
  }
  if (field === 'items' && state.lines.length) {
    return { input: state.lines[0].checkbox, error: $('items-error'), label: 'Items' };
  }
  return null;
}

/** Shows a refusal: each error next to its field, the rest in the general area; focuses the first. */
function showRefusal(response, submittedLines) {
  const problem = response.json ?? {};
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const unmatched = [];
  const invalid = [];
  for (const e of errors) {
    const target = fieldTarget(e.field, submittedLines);
    if (!target) {
      unmatched.push(e.field ? `${e.field}: ${e.message}` : String(e.message));
      continue;
    }
    setFieldError(target.input, target.error, sentence(target.label, e.message));
    invalid.push(target.input);
  }
  if (unmatched.length || invalid.length === 0) {
    const { title, detail } = problemText(response);
    showBox($('form-error'), title, unmatched.length ? unmatched : detail ? [detail] : []);
  }
  const first = firstInDocumentOrder(invalid);
  if (first) first.focus();
  else $('form-error').focus();
  announce(`The return was not recorded: ${problemText(response).title}`);
}

async function submitReturn(event) {
  event.preventDefault();
  if (state.submitting) return; // Enter pressed twice, or a click while a request is on its way
  clearFormErrors();
  const { request, problems, lines } = collectForm();
  if (problems.length) {
    for (const p of problems) setFieldError(p.input, p.error, p.message);
    firstInDocumentOrder(problems.map((p) => p.input)).focus();
    announce('Please correct the highlighted fields.');
    return;
  }
  const body = JSON.stringify(request);
  // One key per submission attempt: a retry of the same request (after a lost answer) reuses it.
  if (!state.attempt || state.attempt.body !== body) {
    state.attempt = { body, key: crypto.randomUUID(), lines };
  }
  const attempt = state.attempt;
  const button = $('request-chargeback');
  state.submitting = true;
  button.disabled = true;
  button.textContent = 'Requesting chargeback…';
  $('return-form').setAttribute('aria-busy', 'true');
  announce('Requesting the chargeback…');
  const seq = state.loadSeq;
  let response;
  try {
    response = await api('POST', `${orderPath(state.orderId)}/returns`, {
      body: attempt.body, headers: { 'idempotency-key': attempt.key },
    });
  } catch (e) {
    response = { status: 0, error: e };
  } finally {
    state.submitting = false;
    button.disabled = false;
    button.textContent = 'Request chargeback';
    $('return-form').removeAttribute('aria-busy');
  }
  if (seq !== state.loadSeq) return;
  if (response.status === 201) {
    state.attempt = null;
    await returnRecorded(response.json);
  } else if (response.status === 0 || response.status >= 500) {
    // the return may or may not be recorded: keep the key so that trying again is safe
    const why = response.error instanceof NotSignedIn ? response.error.message
      : response.status === 0 ? 'The service could not be reached.' : `The service answered HTTP ${response.status}.`;
    showBox($('form-error'), why, ['Press Request chargeback again to retry: the same request is never recorded twice.']);
    $('form-error').focus();
    announce(why);
  } else {
    state.attempt = null; // refused, so nothing was recorded
    showRefusal(response, attempt.lines);
  }
}

async function returnRecorded(created) {
  closeReturnForm({ restoreFocus: false });
  // show it at once, then read the order again for returnable units and invoices
  if (!state.order.returns.some((r) => r.returnId === created.returnId)) state.order.returns.push(created);
  try {
    const response = await api('GET', orderPath(state.orderId));
    if (response.status === 200) state.order = response.json;
  } catch {
    // the poll catches up
  }
  render();
  const row = $('returns-table').querySelector(`tr[data-return-id="${CSS.escape(created.returnId)}"]`);
  // the order read again may already show the refund further on (even paid): say where it stands
  const now = state.order.returns.find((r) => r.returnId === created.returnId) ?? created;
  const label = (STATUS_LABELS[now.status] ?? now.status).toLowerCase();
  announce(`Return ${created.entranceInvoiceNumber} recorded: refund of ${money(created.refund.total, created.refund.currency)}`
    + ` is ${label}.`);
  if (row) {
    row.focus();
    row.scrollIntoView({ block: 'nearest' });
  }
  stopPolling();
  schedulePoll();
}

// ---- start -----------------------------------------------------------------------------------

function bind() {
  $('open-order').addEventListener('submit', (event) => {
    event.preventDefault();
    openOrder($('order-id').value.trim());
  });
  $('order-id').addEventListener('input', () => clearFieldError($('order-id'), $('order-id-error')));
  $('return-items').addEventListener('click', () => {
    if ($('return-form-section').hidden) openReturnForm();
    else $('return-form-heading').focus();
  });
  $('cancel-return').addEventListener('click', () => closeReturnForm());
  $('return-form-section').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeReturnForm();
  });
  $('return-form').addEventListener('submit', submitReturn);
  for (const [field, { id }] of Object.entries(FIELDS)) {
    $(id).addEventListener('input', () => {
      clearFieldError($(id), $(`${id}-error`));
      if (field === 'additionalValue') updatePlan();
    });
  }
}

async function start() {
  bind();
  const started = await startSession({
    onAccount: () => { if (state.orderId) openOrder(state.orderId, { focus: false }); },
  });
  if (!started) {
    $('open-order-button').disabled = true;
    return;
  }
  const orderId = new URLSearchParams(location.search).get('order');
  if (orderId) {
    $('order-id').value = orderId;
    openOrder(orderId, { focus: false });
  }
}

start();
