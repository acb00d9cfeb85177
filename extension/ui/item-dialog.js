// The item dialog: what `items.get` says about an item (stats, perks, description, where it is)
// and the actions a player can take on it (move, equip, lock).
import { h, icon, bucketLabel, classLabel, tierClass } from '../lib/dom.js';
import { iconUrl } from '../lib/rpc.js';

/** Where an item is, in words. */
export function placeName(location, characters) {
  if (!location) return 'unknown';
  if (location.kind === 'vault') return 'Vault';
  if (location.kind === 'postmaster') return 'Postmaster';
  if (location.kind === 'profile') return 'Account';
  const c = characters.get(location.characterId);
  return c ? classLabel(c.class) : 'a character';
}

/** Stats as `[name, value]` pairs, from `{name: value}` or `[{name, value}]`. */
function statEntries(stats) {
  if (Array.isArray(stats)) return stats.filter((s) => s && s.name !== undefined).map((s) => [String(s.name), Number(s.value) || 0]);
  return Object.entries(stats ?? {}).map(([name, value]) => [name, Number(value) || 0]);
}

/** Perks as `{name, description}`, from objects or plain names. */
function perkList(perks) {
  return (Array.isArray(perks) ? perks : []).map((p) => (typeof p === 'string' ? { name: p } : p)).filter((p) => p?.name);
}

function statRows(stats) {
  const entries = statEntries(stats);
  if (!entries.length) return null;
  return h('dl', { class: 'stats' }, entries.flatMap(([name, value]) => [
    h('dt', {}, name),
    h('dd', {}, h('meter', { min: '0', max: '100', value: String(value), 'aria-label': `${name} ${value}` }), h('span', {}, String(value))),
  ]));
}

/**
 * Draws `item` (an `items.get` answer) into `root`. `actions` holds `transfer(to)`, `equip(id)`,
 * `lock(bool)` and `close()`.
 */
export function renderItemDetail(root, item, characters, base, actions) {
  const here = item.location?.kind === 'character' ? item.location.characterId : null;
  const buttons = [];
  if (item.transferable) {
    if (item.location?.kind !== 'vault') {
      buttons.push(h('button', { type: 'button', disabled: item.equipped, onclick: () => actions.transfer('vault') }, 'Move to vault'));
    }
    for (const c of characters.values()) {
      if (c.characterId === here) continue;
      buttons.push(h('button', { type: 'button', disabled: item.equipped, onclick: () => actions.transfer(c.characterId) }, `Move to ${classLabel(c.class)}`));
    }
  }
  if (item.equippable && !item.equipped) {
    for (const c of characters.values()) {
      if (item.class !== 'any' && item.class !== c.class) continue;
      buttons.push(h('button', { type: 'button', class: 'primary', onclick: () => actions.equip(c.characterId) }, `Equip on ${classLabel(c.class)}`));
    }
  }
  buttons.push(h('button', { type: 'button', onclick: () => actions.lock(!item.locked) }, item.locked ? 'Unlock' : 'Lock'));

  root.replaceChildren(
    h('header', { class: `detail-head ${tierClass(item.tier)}` },
      icon(iconUrl(base, item.icon), item.name, 'icon big'),
      h('div', {},
        h('h2', { id: 'item-name' }, item.name),
        h('p', { class: 'type' }, `${item.tier} ${item.type}${item.damage && item.damage !== 'kinetic' ? ` · ${item.damage}` : ''}`),
        h('p', { class: 'location' }, `${item.equipped ? 'Equipped on' : 'In'} ${placeName(item.location, characters)} · ${bucketLabel(item.bucket)}${item.locked ? ' · Locked' : ''}`)),
      item.power ? h('span', { class: 'power big' }, item.power) : null,
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close details', onclick: actions.close }, '×')),
    item.description ? h('p', { class: 'description' }, item.description) : null,
    statRows(item.stats),
    perkList(item.perks).length ? h('ul', { class: 'perks', 'aria-label': 'Perks' }, perkList(item.perks).map((p) => h('li', {}, h('strong', {}, p.name), p.description ? ` — ${p.description}` : ''))) : null,
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' }, buttons),
  );
}
