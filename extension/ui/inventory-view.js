// Drawing the inventory: character cards, a character's equipped gear, and item grids (the vault
// by bucket, or search results). Pure rendering: every function takes what it draws.
import { h, icon, bucketLabel, classLabel, tierClass } from '../lib/dom.js';
import { iconUrl } from '../lib/rpc.js';
import { WEAPON_BUCKETS, ARMOR_BUCKETS } from '../lib/inventory.js';

const BUCKET_ORDER = [...WEAPON_BUCKETS, ...ARMOR_BUCKETS, 'ghost', 'subclass', 'consumables', 'modifications', 'engrams'];

/** How a screen reader names an item. */
export function itemLabel(item) {
  return `${item.name}, ${item.tier} ${item.type}${item.power ? `, power ${item.power}` : ''}${item.equipped ? ', equipped' : ''}${item.locked ? ', locked' : ''}`;
}

/** "Kinetic · Scout Rifle", or just "Helmet" where the type says the slot. */
function typeLine(item) {
  const slot = bucketLabel(item.bucket);
  return slot.toLowerCase() === String(item.type).toLowerCase() || String(item.type).toLowerCase().startsWith(slot.toLowerCase()) ? item.type : `${slot} · ${item.type}`;
}

/** The character cards; the selected one is pressed. */
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

/** One character's equipped gear, one row per slot. */
export function renderEquipped(root, items, base, onOpen) {
  if (!items.length) {
    root.replaceChildren(h('li', { class: 'empty' }, 'Nothing equipped.'));
    return;
  }
  root.replaceChildren(...items.map((item) => h('li', {},
    h('button', { type: 'button', class: `slot ${tierClass(item.tier)}`, dataset: { itemId: item.id }, 'aria-label': itemLabel(item), onclick: () => onOpen(item.id) },
      icon(iconUrl(base, item.icon), item.name),
      h('span', { class: 'slot-text' }, h('span', { class: 'name' }, item.name), h('span', { class: 'type' }, typeLine(item))),
      h('span', { class: 'power' }, item.power || ''),
      item.locked ? h('span', { class: 'lock', 'aria-hidden': 'true', title: 'Locked' }) : null))));
}

/** A square item tile for grids. */
export function tile(item, base, onOpen) {
  return h('button', { type: 'button', class: `tile ${tierClass(item.tier)}`, dataset: { itemId: item.id }, title: `${item.name} (${item.tier} ${item.type})`, 'aria-label': itemLabel(item), onclick: () => onOpen(item.id) },
    icon(iconUrl(base, item.icon), item.name),
    item.power ? h('span', { class: 'power' }, item.power) : item.quantity > 1 ? h('span', { class: 'power' }, `×${item.quantity}`) : null,
    item.locked ? h('span', { class: 'lock', 'aria-hidden': 'true' }) : null,
    h('span', { class: 'name' }, item.name));
}

/** Items grouped by bucket, each group a heading and a grid. */
export function renderBuckets(root, groups, base, onOpen) {
  const order = (slug) => (BUCKET_ORDER.includes(slug) ? BUCKET_ORDER.indexOf(slug) : BUCKET_ORDER.length);
  const sorted = [...groups.entries()].sort(([a], [b]) => order(a) - order(b));
  if (!sorted.length) {
    root.replaceChildren(h('p', { class: 'empty' }, 'No items here.'));
    return;
  }
  root.replaceChildren(...sorted.map(([slug, items]) => h('section', { class: 'bucket', 'aria-label': bucketLabel(slug) },
    h('h3', {}, bucketLabel(slug), h('span', { class: 'count' }, ` ${items.length}`)),
    h('div', { class: 'grid' }, items
      .sort((a, b) => (b.power ?? 0) - (a.power ?? 0) || a.name.localeCompare(b.name))
      .map((item) => tile(item, base, onOpen))))));
}
