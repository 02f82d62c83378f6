// How a return from GET /returns is shown in the lists across orders (Needs attention, Returns by
// date): its order as a link to the Return items view, its refund parts, the provider's words.

import { el, money, statusBadge, formatDateTime, pageHref } from './common.js';

/** A stable key for a return in a list (return ids are only promised unique within an order). */
export function returnKey(ret) {
  return `${ret.orderId}\n${ret.returnId}`;
}

/** The order, linked to the view that shows it whole. */
export function orderLink(orderId) {
  return el('a', { class: 'order-id', href: pageHref('index.html', { order: orderId }) }, orderId);
}

/** "Chargeback to payment D3DE…", "Gift card": what a person calls the part. */
export function partName(part) {
  if (part.kind === 'giftCard') return 'Gift card';
  if (part.kind === 'chargeback') {
    return part.paymentId ? `Chargeback to payment ${part.paymentId}` : 'Chargeback no payment can take';
  }
  return part.partId;
}

/**
 * What the providers said about a part that is not refunded: its own refusal when a provider
 * refused it, else the return's history: the
 * refunder writes "partId: message" for each part in its notes (several parts are separated by
 * "; "). The newest such note wins; null when the history says nothing about the part.
 */
export function providerMessage(ret, part) {
  const noted = messageInHistory(ret, part);
  // a part left for a person keeps its provider's reason itself: that is the one to show
  if (part.refusal) return { message: part.refusal, at: noted?.at ?? null };
  return noted;
}

function messageInHistory(ret, part) {
  const marker = `${part.partId}: `;
  const others = (ret.refund?.parts ?? []).filter((p) => p.partId !== part.partId).map((p) => `; ${p.partId}: `);
  for (const entry of [...(ret.history ?? [])].reverse()) {
    const note = entry.note ?? '';
    let at = note.indexOf(marker);
    // a whole part id only: "chargeback: " must not match inside "x-chargeback: "
    while (at > 0 && !/[\s.;]/.test(note[at - 1])) at = note.indexOf(marker, at + 1);
    if (at < 0) continue;
    const rest = note.slice(at + marker.length);
    let end = rest.length;
    for (const other of others) {
      const i = rest.indexOf(other);
      if (i >= 0 && i < end) end = i;
    }
    const message = rest.slice(0, end).replace(/;\s*$/, '').trim();
    if (message) return { message, at: entry.at };
  }
  return null;
}

/** The newest history entry with a note, or null. */
export function latestNote(ret) {
  const history = ret.history ?? [];
  for (let i = history.length - 1; i >= 0; i--) if (history[i].note) return history[i];
  return null;
}

/** How long ago: "under a minute", "25 min", "3 h 5 min", "2 d 4 h". */
export function ageText(iso, now = Date.now()) {
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return '–';
  const minutes = Math.floor(Math.max(ms, 0) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A time element showing the age, the exact local time on hover and to assistive technology. */
export function ageElement(iso) {
  return el('time', { datetime: iso, title: formatDateTime(iso) }, ageText(iso));
}

/**
 * The refund's parts, each with its amount and status; a part not refunded also gets what the
 * provider said about it, a refunded one its reference.
 */
export function partsList(ret) {
  const currency = ret.refund.currency;
  return el('ul', { class: 'plain part-list' }, ret.refund.parts.map((part) => {
    const said = part.status === 'REFUNDED' ? null : providerMessage(ret, part);
    return el('li', { class: `part${part.status === 'REFUNDED' ? ' done' : ''}`, dataset: { partId: part.partId } },
      el('span', { class: 'part-head' },
        el('span', { class: 'part-name' }, partName(part)),
        el('span', { class: 'part-amount' }, money(part.amount, currency)),
        statusBadge(part.status)),
      said ? el('span', { class: 'provider-message' }, `Provider: ${said.message}`) : null,
      part.status === 'REFUNDED' && part.providerReference
        ? el('span', { class: 'part-reference' },
          `${part.refundedByHand ? 'Refunded by hand, reference' : 'Reference'} ${part.providerReference}`) : null);
  }));
}
