// "Returns by date": the returns of every order created between two days (GET /returns?from=&to=),
// a page at a time, and the same returns as one CSV file (GET /returns/export, every page joined).
// The API wants the bearer token, so the CSV is fetched here and handed over as a Blob download.

import {
  $, el, announce, showBox, hideBox, api, problemText, showProblem, clearErrorsIn, clearFieldError, setFieldError,
  statusBadge, money, formatDateTime, startSession, NotSignedIn,
} from './common.js';
import { returnKey, orderLink, partsList } from './return-rows.js';

const DEFAULT_DAYS = 30;
const MAX_EXPORT_PAGES = 1000; // a guard against an export that never ends, far above any real one

const state = {
  range: null, // the range listed: {fromDay, toDay, from, to} (days as typed, instants as sent)
  cursor: null,
  loading: false,
  seq: 0,
  keys: new Set(),
  downloading: false,
  downloadUrl: null,
};

// ---- days in the operator's time zone --------------------------------------------------------

/** Local midnight starting the day 'YYYY-MM-DD' plus addDays, as a Date. */
function localMidnight(day, addDays = 0) {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(0);
  date.setFullYear(y, m - 1, d + addDays); // setFullYear: years below 100 stay what they are
  date.setHours(0, 0, 0, 0);
  return date;
}

/**
 * The API's bounds for two days in the browser's time zone: from at the first day's midnight
 * (inclusive), to at the midnight after the last day (exclusive), as UTC instants. Either may be
 * empty (no bound).
 */
export function dayBounds(fromDay, toDay) {
  return {
    from: fromDay ? localMidnight(fromDay).toISOString() : null,
    to: toDay ? localMidnight(toDay, 1).toISOString() : null,
  };
}

/** 'YYYY-MM-DD' of a Date in the browser's time zone. */
export function localDay(date) {
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function dayText(day) {
  return localMidnight(day).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

function rangeText({ fromDay, toDay }) {
  if (fromDay && toDay) return fromDay === toDay ? `on ${dayText(fromDay)}` : `from ${dayText(fromDay)} to ${dayText(toDay)}`;
  if (fromDay) return `since ${dayText(fromDay)}`;
  if (toDay) return `up to ${dayText(toDay)}`;
  return 'at any time';
}

function rangeQuery(range, extra = {}) {
  const params = new URLSearchParams();
  if (range.from) params.set('from', range.from);
  if (range.to) params.set('to', range.to);
  for (const [name, value] of Object.entries(extra)) if (value) params.set(name, value);
  return params.toString();
}

// ---- the range form --------------------------------------------------------------------------

const FIELDS = {
  from: { input: $('from'), error: $('from-error'), label: 'From' },
  to: { input: $('to'), error: $('to-error'), label: 'To' },
};

/** The typed range, or null after showing why it cannot be listed. */
function readRange() {
  clearErrorsIn($('range-form'));
  const fromDay = $('from').value;
  const toDay = $('to').value;
  // a date input holds '' for a date it cannot read
  if (!fromDay && $('from').validity.badInput) setFieldError($('from'), $('from-error'), 'Enter a whole date.');
  if (!toDay && $('to').validity.badInput) setFieldError($('to'), $('to-error'), 'Enter a whole date.');
  if (fromDay && toDay && toDay < fromDay) setFieldError($('to'), $('to-error'), 'To must be on or after From.');
  const invalid = $('range-form').querySelector('[aria-invalid="true"]');
  if (invalid) {
    invalid.focus();
    announce('Please correct the dates.');
    return null;
  }
  return { fromDay, toDay, ...dayBounds(fromDay, toDay) };
}

// ---- the list --------------------------------------------------------------------------------

async function load(range, { more = false, focus = true } = {}) {
  if (state.loading) return;
  const seq = more ? state.seq : ++state.seq;
  state.loading = true;
  setBusy(true);
  hideBox($('page-error'));
  announce(more ? 'Loading more returns…' : `Loading the returns created ${rangeText(range)}…`);
  let response;
  try {
    response = await api('GET', `/returns?${rangeQuery(range, { cursor: more ? state.cursor : null })}`);
  } catch (e) {
    response = { status: 0, error: e };
  } finally {
    state.loading = false;
    setBusy(false);
  }
  if (seq !== state.seq) return;
  if (response.status !== 200) {
    if (response.status === 400 && !more) {
      showProblem(response, FIELDS, $('page-error'));
    } else {
      const { title, detail } = response.status === 0
        ? { title: response.error instanceof NotSignedIn ? response.error.message : 'The service could not be reached.',
          detail: null }
        : problemText(response);
      showBox($('page-error'), `The returns could not be loaded: ${title}`, detail ? [detail] : []);
      $('page-error').focus();
    }
    announce('');
    return;
  }
  const tbody = $('returns-list').tBodies[0];
  if (!more) {
    state.range = range;
    state.keys.clear();
    tbody.replaceChildren();
    hideBox($('download-error'));
    $('download-result').hidden = true;
    $('list-heading').textContent = `Returns created ${rangeText(range)}`;
    $('list').hidden = false;
  }
  const added = [];
  for (const ret of response.json.returns ?? []) {
    if (state.keys.has(returnKey(ret))) continue; // pages are by order: a return is listed once
    state.keys.add(returnKey(ret));
    const row = returnRow(ret);
    tbody.append(row);
    added.push(row);
  }
  state.cursor = response.json.nextCursor ?? null;
  const count = state.keys.size;
  $('returns-list').hidden = count === 0;
  $('no-returns').hidden = count > 0;
  $('more').hidden = !state.cursor;
  $('list-end').hidden = Boolean(state.cursor) || count === 0;
  $('list-end').textContent = `That is all: ${count} return${count === 1 ? '' : 's'}.`;
  if (more) {
    announce(added.length ? `${added.length} more return${added.length === 1 ? '' : 's'} loaded.` : 'No more returns on that page.');
    if (added.length) added[0].focus();
  } else {
    announce(`${count === 0 ? 'No' : count}${state.cursor ? ' or more' : ''} return${count === 1 ? '' : 's'} created ${rangeText(range)}.`);
    if (focus) $('list-heading').focus();
  }
}

function returnRow(ret) {
  const refund = ret.refund;
  return el('tr', { tabindex: '-1', dataset: { returnId: ret.returnId, orderId: ret.orderId } },
    el('td', { dataset: { label: 'Created' } }, el('time', { datetime: ret.createdAt }, formatDateTime(ret.createdAt))),
    el('td', { dataset: { label: 'Order' } }, orderLink(ret.orderId)),
    el('th', { scope: 'row', dataset: { label: 'Entrance invoice' } }, ret.entranceInvoiceNumber),
    el('td', { class: 'status-cell', dataset: { label: 'Status' } }, statusBadge(ret.status)),
    el('td', { class: 'num', dataset: { label: 'Refund' } }, el('strong', {}, money(refund.total, refund.currency))),
    el('td', { class: 'why-cell', dataset: { label: 'Parts' } }, partsList(ret)));
}

function setBusy(busy) {
  $('returns-list').setAttribute('aria-busy', String(busy));
  $('show-returns').disabled = busy;
  $('more').disabled = busy;
  $('more').textContent = busy && state.cursor ? 'Loading…' : 'More';
}

function showRange(event) {
  event?.preventDefault();
  const range = readRange();
  if (!range) return;
  // the URL names the range, so it can be bookmarked or shared
  const url = new URL(location.href);
  for (const [name, value] of [['from', range.fromDay], ['to', range.toDay]]) url.searchParams.set(name, value);
  history.replaceState(null, '', url);
  load(range);
}

// ---- the CSV export --------------------------------------------------------------------------

/** The next page's API path from a page's answer: its link rel="next", else its x-next-cursor. */
export function nextExportPath(headers, currentPath) {
  const link = headers.get('link');
  const match = link && /<([^>]*)>\s*;\s*rel="?next"?/i.exec(link);
  if (match) {
    const url = new URL(match[1], 'http://api.invalid/'); // the API's links are paths; keep only that
    return url.pathname + url.search;
  }
  const cursor = headers.get('x-next-cursor');
  if (cursor) {
    const url = new URL(currentPath, 'http://api.invalid/');
    url.searchParams.set('cursor', cursor);
    return url.pathname + url.search;
  }
  return null;
}

/** Records in a CSV text (RFC 4180: a line break inside quotes is part of a field). */
export function csvRecords(text) {
  let records = 0;
  let quoted = false;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (c === '\n' && !quoted) {
      records += 1;
      content = false;
    } else if (c !== '\r') {
      content = true;
    }
  }
  return records + (content ? 1 : 0);
}

/**
 * Joins export pages into one CSV: each page is a whole CSV with the header row; the first page's
 * is kept, the others' dropped (after checking they are the same header).
 */
export function joinCsvPages(pages) {
  let header = null;
  const parts = [];
  for (const page of pages) {
    const end = page.indexOf('\n');
    const first = (end < 0 ? page : page.slice(0, end)).replace(/\r$/, '');
    let body = end < 0 ? '' : page.slice(end + 1);
    if (header === null) {
      header = first;
      body = page;
    } else if (first !== header) {
      throw new Error(`an export page starts with another header (${first.slice(0, 60)}…)`);
    }
    if (body && !body.endsWith('\n')) body += '\r\n';
    parts.push(body);
  }
  return parts.join('');
}

async function downloadCsv() {
  if (state.downloading || !state.range) return;
  const range = state.range;
  const button = $('download-csv');
  state.downloading = true;
  button.disabled = true;
  button.textContent = 'Preparing CSV…';
  hideBox($('download-error'));
  $('download-result').hidden = true;
  const pages = [];
  let failure = null;
  try {
    let path = `/returns/export?${rangeQuery(range)}`;
    const seen = new Set([path]);
    while (path) {
      if (pages.length >= MAX_EXPORT_PAGES) throw new Error(`the export did not end after ${MAX_EXPORT_PAGES} pages`);
      announce(`Preparing the CSV: page ${pages.length + 1}…`);
      const response = await api('GET', path, { accept: 'text/csv, application/problem+json' });
      if (response.status !== 200) {
        failure = response;
        break;
      }
      pages.push(response.text);
      path = nextExportPath(response.headers, path);
      if (path && seen.has(path)) throw new Error('the export named a page it had already given');
      if (path) seen.add(path);
    }
    if (!failure) offer(joinCsvPages(pages), range, pages.length);
  } catch (e) {
    failure = { status: 0, error: e };
  } finally {
    state.downloading = false;
    button.disabled = false;
    button.textContent = 'Download CSV';
  }
  if (!failure) return;
  if (failure.status === 0) {
    const signIn = failure.error instanceof NotSignedIn;
    showBox($('download-error'), signIn ? failure.error.message : 'The CSV could not be prepared.',
      signIn ? [] : [String(failure.error?.message ?? failure.error)]);
    $('download-error').focus();
  } else {
    showProblem(failure, FIELDS, $('download-error'));
  }
  announce('The CSV could not be prepared.');
}

/** Hands the CSV over: a Blob behind an <a download>, clicked now and left on the page to save again. */
function offer(csv, range, pageCount) {
  if (state.downloadUrl) URL.revokeObjectURL(state.downloadUrl);
  state.downloadUrl = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const name = `returns_${range.fromDay || 'start'}_${range.toDay || localDay(new Date())}.csv`;
  const rows = Math.max(csvRecords(csv) - 1, 0);
  const link = el('a', { href: state.downloadUrl, download: name, id: 'csv-file' }, name);
  $('download-result').replaceChildren(el('strong', {}, 'CSV ready: '), link,
    ` (${rows} row${rows === 1 ? '' : 's'}, ${pageCount} page${pageCount === 1 ? '' : 's'} joined). `
    + 'Follow the link to save it again.');
  $('download-result').hidden = false;
  link.click();
  announce(`The CSV ${name} is downloaded: ${rows} row${rows === 1 ? '' : 's'}.`);
}

// ---- start -----------------------------------------------------------------------------------

async function start() {
  $('range-form').addEventListener('submit', showRange);
  for (const { input, error } of Object.values(FIELDS)) input.addEventListener('input', () => clearFieldError(input, error));
  $('more').addEventListener('click', () => state.range && load(state.range, { more: true }));
  $('download-csv').addEventListener('click', downloadCsv);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) $('range-hint').textContent = `Days in your time zone (${zone}), both included; leave a date empty for no limit.`;

  const params = new URLSearchParams(location.search);
  if (params.has('from') || params.has('to')) {
    $('from').value = params.get('from') ?? '';
    $('to').value = params.get('to') ?? '';
  } else {
    const today = new Date();
    $('to').value = localDay(today);
    $('from').value = localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - (DEFAULT_DAYS - 1)));
  }
  const started = await startSession({ onAccount: () => state.range && load(state.range, { focus: false }) });
  if (!started) {
    $('show-returns').disabled = true;
    return;
  }
  const range = readRange();
  if (range) load(range, { focus: false });
}

start();
