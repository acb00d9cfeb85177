// @ts-check
// The Collections view: a search of the account's collectibles (`collections.search {query}`:
// words of the name, `is:owned`, `-is:owned`), each with its state (acquired, not acquired,
// obscured) and where it comes from.
import { h, icon } from '../lib/dom.js';
import { iconUrl } from '../lib/rpc.js';
/** @import { Collectible, CollectionsResult } from '../../protocol/ts/protocol.js' */

/** A collectible's state as players read it. */
export const STATE_WORDS = { acquired: 'Acquired', not_acquired: 'Not acquired', obscured: 'Obscured' };

/**
 * @param {Collectible} c
 * @param {string} base
 */
function row(c, base) {
  const state = STATE_WORDS[c.state] ? c.state : 'not_acquired';
  return h('li', { class: `collectible ${state}`, dataset: { state, hash: String(c.hash ?? '') } },
    icon(iconUrl(base, c.icon), c.name, 'icon collectible-icon'),
    h('div', { class: 'collectible-main' },
      h('span', { class: 'collectible-name' }, c.name || 'Collectible'),
      c.source ? h('span', { class: 'collectible-source' }, c.source) : null),
    h('span', { class: `mark state-${state}` }, STATE_WORDS[state]));
}

/**
 * Draws a `collections.search` result into `root`. `state` is `idle`, `loading`, `error` (with
 * the daemon's `message`: shown as it is, under the box, by the caller) or `ready`.
 * @param {HTMLElement} root
 * @param {CollectionsResult | null} result
 * @param {{state?: 'loading' | 'error' | 'ready', base: string}} options
 */
export function renderCollections(root, result, { state = 'ready', base }) {
  if (state === 'loading') {
    root.replaceChildren(h('p', { class: 'empty' }, 'Searching the collections…'));
    return;
  }
  if (state === 'error') {
    root.replaceChildren(h('p', { class: 'empty' }, 'No results: the search above has a mistake.'));
    return;
  }
  const list = result?.collectibles ?? [];
  const total = result?.total ?? list.length;
  if (!list.length) {
    root.replaceChildren(h('p', { class: 'empty' }, 'No collectible matches.'));
    return;
  }
  root.replaceChildren(
    h('p', { class: 'hint collections-count' }, total > list.length ? `${list.length} of ${total} shown` : `${total} found`),
    h('ul', { class: 'collectibles' }, list.map((c) => row(c, base))));
}
