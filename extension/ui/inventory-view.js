// @ts-check
// Drawing the inventory: character cards, a character's equipped gear, what it carries, its
// postmaster strip, and item grids (the vault by bucket, or search results with where each item
// is). Pure rendering: every function takes what it draws.
import { h, icon, bucketLabel, classLabel, tierClass } from '../lib/dom.js';
import { iconUrl } from '../lib/rpc.js';
import { bucketRank, POSTMASTER_CAPACITY } from '../lib/inventory.js';
/**
 * @import { Character, Item } from '../../protocol/ts/protocol.js'
 * @typedef {(id: string, anchor: HTMLElement) => void} OnOpen what opening an item does
 */

/**
 * How a screen reader names an item.
 * @param {Item} item
 */
export function itemLabel(item) {
  return `${item.name}, ${item.tier} ${item.type}${item.power ? `, power ${item.power}` : ''}${item.equipped ? ', equipped' : ''}${item.locked ? ', locked' : ''}`;
}

/**
 * "Kinetic · Scout Rifle", or just "Helmet" where the type says the slot.
 * @param {Item} item
 */
function typeLine(item) {
  const slot = bucketLabel(item.bucket);
  return slot.toLowerCase() === String(item.type).toLowerCase() || String(item.type).toLowerCase().startsWith(slot.toLowerCase()) ? item.type : `${slot} · ${item.type}`;
}

/**
 * The character cards; the selected one is pressed.
 * @param {HTMLElement} root
 * @param {Character[]} characters
 * @param {string | null} selectedId
 * @param {string} base the daemon's http address
 * @param {(characterId: string) => void} onSelect
 */
export function renderCharacters(root, characters, selectedId, base, onSelect) {
  root.replaceChildren(...characters.map((c) => h('button', {
    type: 'button',
    class: 'character',
    style: `--emblem: ${/^#[0-9a-f]{6}$/i.test(c.emblemColor ?? '') ? c.emblemColor : '#333a48'}`,
    'aria-pressed': String(c.characterId === selectedId),
    dataset: { characterId: c.characterId },
    onclick: () => onSelect(c.characterId),
  },
  icon(iconUrl(base, c.emblem), classLabel(c.class), 'emblem'),
  h('span', { class: 'who' }, h('span', { class: 'class' }, classLabel(c.class)), h('span', { class: 'race' }, c.race ?? '')),
  h('span', { class: 'power', 'aria-label': `power ${c.power}` }, `✦${c.power}`),
  c.activity ? h('span', { class: 'playing', title: `${c.activity.mode}: ${c.activity.name}` }, 'In activity') : null)));
}

/**
 * One character's equipped gear, one row per slot, in the game's order.
 * @param {HTMLElement} root
 * @param {Item[]} items
 * @param {string} base
 * @param {OnOpen} onOpen
 */
export function renderEquipped(root, items, base, onOpen) {
  if (!items.length) {
    root.replaceChildren(h('li', { class: 'empty' }, 'Nothing equipped.'));
    return;
  }
  root.replaceChildren(...items.map((item) => h('li', {},
    h('button', { type: 'button', class: `slot ${tierClass(item.tier)}`, dataset: { itemId: item.id, bucket: item.bucket }, 'aria-label': itemLabel(item), onclick: (e) => onOpen(item.id, e.currentTarget) },
      icon(iconUrl(base, item.icon), item.name),
      h('span', { class: 'slot-text' }, h('span', { class: 'name' }, item.name), h('span', { class: 'type' }, typeLine(item))),
      h('span', { class: 'power' }, item.power || ''),
      item.locked ? h('span', { class: 'lock', 'aria-hidden': 'true', title: 'Locked' }) : null))));
}

/**
 * A square item tile for grids. `where` (optional) is the short name of the place it is in
 * ("Vault", "Titan"), shown as a badge: search results say where each item is.
 * @param {Item} item
 * @param {string} base
 * @param {OnOpen} onOpen
 * @param {string | null} [where]
 */
export function tile(item, base, onOpen, where = null) {
  return h('button', {
    type: 'button',
    class: `tile ${tierClass(item.tier)}`,
    dataset: where ? { itemId: item.id, where } : { itemId: item.id },
    title: `${item.name} (${item.tier} ${item.type})${where ? ` · ${where}` : ''}`,
    'aria-label': `${itemLabel(item)}${where ? `, in ${where}` : ''}`,
    onclick: (e) => onOpen(item.id, e.currentTarget),
  },
  icon(iconUrl(base, item.icon), item.name),
  item.power ? h('span', { class: 'power' }, item.power) : item.quantity > 1 ? h('span', { class: 'power' }, `×${item.quantity}`) : null,
  item.locked ? h('span', { class: 'lock', 'aria-hidden': 'true' }) : null,
  where ? h('span', { class: `where where-${where.toLowerCase().replace(/[^a-z]/g, '')}` }, where) : null,
  h('span', { class: 'name' }, item.name));
}

/**
 * Items grouped by bucket (a Map slug → items), each group a heading and a grid, buckets in the
 * game's order. `whereOf(item)` (optional) names each item's place on its tile.
 * @param {HTMLElement} root
 * @param {Map<string, Item[]>} groups
 * @param {string} base
 * @param {OnOpen} onOpen
 * @param {{whereOf?: ((item: Item) => string) | null, empty?: string}} [options]
 */
export function renderBuckets(root, groups, base, onOpen, { whereOf = null, empty = 'No items here.' } = {}) {
  const sorted = [...groups.entries()].sort(([a], [b]) => bucketRank(a) - bucketRank(b) || String(a).localeCompare(String(b)));
  if (!sorted.length) {
    root.replaceChildren(h('p', { class: 'empty' }, empty));
    return;
  }
  root.replaceChildren(...sorted.map(([slug, items]) => h('section', { class: 'bucket', 'aria-label': bucketLabel(slug), dataset: { bucket: slug } },
    h('h3', {}, bucketLabel(slug), h('span', { class: 'count' }, ` ${items.length}`)),
    h('div', { class: 'grid' }, items
      .sort((a, b) => (b.power ?? 0) - (a.power ?? 0) || a.name.localeCompare(b.name))
      .map((item) => tile(item, base, onOpen, whereOf ? whereOf(item) : null))))));
}

/**
 * The postmaster strip of a character: "Postmaster 3/21 · Pull all" and the waiting items.
 * `onPullAll()` pulls everything; hidden when the postmaster is empty.
 * @param {HTMLElement} root
 * @param {Item[]} items
 * @param {string} base
 * @param {OnOpen} onOpen
 * @param {(button: HTMLElement) => void} onPullAll
 */
export function renderPostmaster(root, items, base, onOpen, onPullAll) {
  root.hidden = items.length === 0;
  if (!items.length) {
    root.replaceChildren();
    return;
  }
  const full = items.length >= POSTMASTER_CAPACITY - 3;
  const parts = [
    h('div', { class: `pm-head${full ? ' warn' : ''}` },
      h('h3', { id: 'postmaster-heading' }, 'Postmaster ', h('span', { class: 'count' }, `${items.length}/${POSTMASTER_CAPACITY}`)),
      h('button', { type: 'button', class: 'act primary small', onclick: (e) => onPullAll(e.currentTarget) }, 'Pull all')),
    full ? h('p', { class: 'hint' }, 'Almost full: the oldest item is lost when a new one arrives.') : null,
    h('div', { class: 'grid strip' }, items.map((item) => tile(item, base, onOpen))),
  ];
  // Absent parts are left out: replaceChildren would print `null` as text.
  root.replaceChildren(...parts.filter((part) => part !== null));
}
