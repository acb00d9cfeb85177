// @ts-check
// The Vendors view: what the selected character's vendors sell now (`vendors.list`), each vendor
// with its location and when its stock changes, each offer with its cost, whether the player
// already owns it (its collectible) and whether the account can afford it; a "Not owned only"
// filter. Also the account's currencies, shown with the characters.
import { h, icon, tierClass } from '../lib/dom.js';
import { iconUrl } from '../lib/rpc.js';
import { count, span } from '../lib/progress.js';
/** @import { Currency, Vendor, VendorItem } from '../../protocol/ts/protocol.js' */

/**
 * "new stock in 1d 4h" (a vendor's next refresh); '' without a date.
 * @param {string | null | undefined} iso
 * @param {number} [now]
 */
export function restockText(iso, now = Date.now()) {
  const at = Date.parse(iso ?? '');
  if (!Number.isFinite(at)) return '';
  return at <= now ? 'new stock now' : `new stock in ${span(at - now)}`;
}

/**
 * "Glimmer × 5,000 · Legendary Shards × 10"; "Free" for an offer without a cost.
 * @param {Partial<Currency>[] | null | undefined} cost
 */
export function costText(cost) {
  const parts = (Array.isArray(cost) ? cost : [])
    .flatMap(({ name, quantity }) => (typeof quantity === 'number' && quantity > 0 ? [`${name || 'Currency'} × ${count(quantity)}`] : []));
  return parts.length ? parts.join(' · ') : 'Free';
}

/**
 * "Owned", "Not owned", or null (no collectible to own).
 * @param {VendorItem} offer
 */
function ownedMark(offer) {
  if (offer.owned === true) return h('span', { class: 'mark owned' }, 'Owned');
  if (offer.owned === false) return h('span', { class: 'mark not-owned' }, 'Not owned');
  return null;
}

/**
 * @param {VendorItem} offer
 * @param {string} base
 */
function offerRow(offer, base) {
  const { item } = offer;
  const type = [item.tier, item.type].filter(Boolean).join(' ');
  const perks = Array.isArray(offer.perks) ? offer.perks.filter(Boolean) : [];
  const owned = offer.owned === true ? 'true' : offer.owned === false ? 'false' : 'none';
  return h('li', {
    class: `offer ${tierClass(item.tier)}${offer.affordable === false ? ' unaffordable' : ''}`,
    dataset: { itemId: item.id, owned },
  },
  icon(iconUrl(base, item.icon), item.name, 'icon offer-icon'),
  h('div', { class: 'offer-main' },
    h('div', { class: 'offer-head' },
      h('span', { class: 'offer-name' }, item.name || 'Item'),
      ownedMark(offer),
      offer.affordable === false ? h('span', { class: 'mark cant-afford' }, 'Can\'t afford') : null),
    type ? h('span', { class: 'offer-type' }, type) : null,
    perks.length ? h('span', { class: 'offer-perks' }, perks.join(' · ')) : null,
    h('span', { class: 'offer-cost' }, costText(offer.cost))));
}

/**
 * @param {Vendor} vendor
 * @param {VendorItem[]} offers the ones shown
 * @param {{base: string, now: number}} options
 */
function vendorSection(vendor, offers, { base, now }) {
  const line = [vendor.location, restockText(vendor.refreshesAt, now)].filter(Boolean).join(' · ');
  return h('section', { class: 'vendor', 'aria-label': vendor.name || 'Vendor', dataset: { vendorHash: String(vendor.hash ?? '') } },
    h('header', { class: 'vendor-head' },
      icon(iconUrl(base, vendor.icon), vendor.name, 'icon vendor-icon'),
      h('div', { class: 'vendor-title' },
        h('h3', {}, vendor.name || 'Vendor', ' ', h('span', { class: 'count' }, String(offers.length))),
        line ? h('span', { class: 'hint vendor-where' }, line) : null)),
    h('ul', { class: 'offers' }, offers.map((o) => offerRow(o, base))));
}

/**
 * Draws `vendors` (a `vendors.list` result's) into `root`. `state` is `loading`, `error` (with
 * `message`) or `ready`; with `notOwnedOnly` only offers whose collectible is not owned are shown.
 * @param {HTMLElement} root
 * @param {Vendor[]} vendors
 * @param {{state?: 'loading' | 'error' | 'ready', message?: string, base: string, notOwnedOnly?: boolean, now?: number}} options
 */
export function renderVendors(root, vendors, { state = 'ready', message = '', base, notOwnedOnly = false, now = Date.now() }) {
  if (state === 'loading') {
    root.replaceChildren(h('p', { class: 'empty' }, 'Reading what the vendors sell…'));
    return;
  }
  if (state === 'error') {
    root.replaceChildren(h('p', { class: 'error' }, message || 'The daemon could not list the vendors.'));
    return;
  }
  const shown = (vendors ?? [])
    .map((v) => ({ vendor: v, offers: (v.items ?? []).filter((o) => !notOwnedOnly || o.owned === false) }))
    .filter(({ offers }) => offers.length);
  if (!shown.length) {
    root.replaceChildren(h('p', { class: 'empty' }, notOwnedOnly ? 'Every collectible on sale is already yours.' : 'No vendor sells anything right now.'));
    return;
  }
  root.replaceChildren(...shown.map(({ vendor, offers }) => vendorSection(vendor, offers, { base, now })));
}

/**
 * "Read at 21:52" for the `readAt` of Bungie's answer; '' when it does not parse.
 * @param {string | null | undefined} iso
 */
export function readText(iso) {
  const t = Date.parse(iso ?? '');
  if (!Number.isFinite(t)) return '';
  return `Read at ${new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
}

/**
 * The account's currencies (snapshot `currencies`) as a strip; hidden when there are none.
 * @param {HTMLElement} root
 * @param {Currency[]} currencies
 * @param {string} base
 */
export function renderCurrencies(root, currencies, base) {
  const list = (Array.isArray(currencies) ? currencies : []).filter((c) => Number.isFinite(c?.quantity));
  root.hidden = !list.length;
  root.replaceChildren(...list.map((c) => h('li', { class: 'currency', title: `${c.name || 'Currency'}: ${count(c.quantity)}`, dataset: { hash: String(c.hash ?? '') } },
    icon(iconUrl(base, c.icon), c.name, 'icon currency-icon'),
    h('span', { class: 'currency-quantity' }, count(c.quantity)),
    h('span', { class: 'currency-name' }, c.name || 'Currency'))));
}
