// @ts-check
// The item dialog: what `items.get` says about an item (stats, perks, description, where it is)
// and what a player can do with it, as DIM lays it out: a row of characters to equip it on, a row
// of places to store it in (each button says why when it is off), Pull for the postmaster, and Lock
// only for items the game lets one lock.
import { h, icon, bucketLabel, classLabel, tierClass } from '../lib/dom.js';
import { iconUrl } from '../lib/rpc.js';
/** @import { Character, Item, ItemDetail, ItemTag, Location, Stat } from '../../protocol/ts/protocol.js' */

/**
 * Where an item is, in words.
 * @param {Location | null | undefined} location
 * @param {Map<string, Character>} characters
 */
export function placeName(location, characters) {
  if (!location) return 'unknown';
  if (location.kind === 'vault') return 'Vault';
  if (location.kind === 'postmaster') {
    const c = characters.get(location.characterId);
    return c ? `${classLabel(c.class)}'s postmaster` : 'Postmaster';
  }
  if (location.kind === 'profile') return 'Account';
  const c = characters.get(location.characterId);
  return c ? classLabel(c.class) : 'a character';
}

/**
 * The stats as a list of bars, or null without any.
 * @param {Stat[]} stats
 */
function statRows(stats) {
  if (!stats.length) return null;
  return h('dl', { class: 'stats' }, stats.flatMap(({ name, value }) => [
    h('dt', {}, name),
    h('dd', {}, h('meter', { min: '0', max: '100', value: String(value), 'aria-label': `${name} ${value}` }), h('span', {}, String(value))),
  ]));
}

let reasonSeq = 0;
/**
 * A small action button; when `reason` is given it is disabled and the reason is shown under it
 * (and read with it by screen readers).
 * @param {string} text
 * @param {{reason?: string | null, hint?: string | null, primary?: boolean, label: string, onclick: () => void}} options
 */
function choice(text, { reason = null, hint = null, primary = false, label, onclick }) {
  const id = reason ? `reason-${(reasonSeq += 1)}` : null;
  return h('span', { class: 'choice' },
    h('button', {
      type: 'button',
      class: `act small${primary ? ' primary' : ''}`,
      disabled: Boolean(reason),
      title: reason ?? hint ?? label,
      'aria-label': label,
      'aria-describedby': id,
      onclick,
    }, text),
    reason ? h('small', { class: 'reason', id }, reason) : null);
}

/**
 * One labelled row of choices, or the one reason the whole row is off.
 * @param {string} title
 * @param {HTMLElement[]} choices
 * @param {string | null} [rowReason]
 */
function actionRow(title, choices, rowReason = null) {
  return h('div', { class: 'action-row', role: 'group', 'aria-label': title },
    h('span', { class: 'row-title' }, title),
    rowReason ? h('small', { class: 'reason row-reason' }, rowReason) : h('span', { class: 'choices' }, choices));
}

/**
 * Why `character` cannot equip `item` now, or null.
 * @param {Item} item
 * @param {Character} character
 * @param {string | null} here the character it is on, if any
 */
function equipReason(item, character, here) {
  if (item.class && item.class !== 'any' && item.class !== character.class) return `${classLabel(item.class)} gear only`;
  if (item.equipped && here === character.characterId) return 'Equipped';
  if (item.location?.kind === 'postmaster') return 'Pull it first';
  return null;
}

/**
 * Why `item` cannot be stored at `to` ("vault" or a characterId), or null.
 * @param {Item} item
 * @param {string} to
 * @param {string | null} here the character it is on, if any
 */
function storeReason(item, to, here) {
  if (item.location?.kind === 'postmaster') return 'Pull it first';
  if (to === 'vault' && item.location?.kind === 'vault') return 'Already here';
  if (to !== 'vault' && here === to && !item.equipped) return 'Already here';
  if (to !== 'vault' && here === to && item.equipped) return 'Equipped here';
  return null;
}

/** DIM's tags, as the Tag row offers them (null: no tag). @type {[ItemTag | null, string][]} */
const TAGS = [[null, 'None'], ['favorite', 'Favorite'], ['keep', 'Keep'], ['junk', 'Junk'], ['infuse', 'Infuse'], ['archive', 'Archive']];

/**
 * Draws `item` (an `items.get` answer) into `root`. `actions` holds `transfer(to)`, `equip(id)`,
 * `pull()`, `lock(bool)`, `tag(tag or null)` and `close()`. `characters` is a Map of the
 * account's characters.
 * @param {HTMLElement} root
 * @param {ItemDetail} item
 * @param {Map<string, Character>} characters
 * @param {string} base the daemon's http address
 * @param {{transfer: (to: string) => void, equip: (characterId: string) => void, pull: () => void, lock: (locked: boolean) => void, tag?: (tag: ItemTag | null) => void, close: () => void}} actions
 */
export function renderItemDetail(root, item, characters, base, actions) {
  const here = item.location?.kind === 'character' ? item.location.characterId : null;
  const everyone = [...characters.values()];
  const rows = [];
  if (item.equippable) {
    rows.push(actionRow('Equip on', everyone.map((c) => choice(classLabel(c.class), {
      reason: equipReason(item, c, here),
      primary: true,
      label: `Equip on ${classLabel(c.class)}`,
      onclick: () => actions.equip(c.characterId),
    }))));
  }
  const storeTitle = 'Store in';
  if (!item.transferable) {
    rows.push(actionRow(storeTitle, [], 'The game keeps this item where it is: it cannot be moved.'));
  } else {
    const equippedHint = item.equipped ? 'A replacement is equipped first' : null;
    rows.push(actionRow(storeTitle, [
      ...everyone.map((c) => choice(classLabel(c.class), {
        reason: storeReason(item, c.characterId, here),
        hint: equippedHint,
        label: `Move to ${classLabel(c.class)}`,
        onclick: () => actions.transfer(c.characterId),
      })),
      choice('Vault', {
        reason: storeReason(item, 'vault', here),
        hint: equippedHint,
        label: 'Move to vault',
        onclick: () => actions.transfer('vault'),
      }),
    ]));
  }
  if (item.location?.kind === 'postmaster') {
    const owner = characters.get(item.location.characterId);
    rows.push(actionRow('Postmaster', [choice(`Pull to ${owner ? classLabel(owner.class) : 'its character'}`, {
      primary: true,
      label: `Pull to ${owner ? classLabel(owner.class) : 'its character'}`,
      onclick: () => actions.pull(),
    })]));
  }
  if (actions.tag && /^\d+$/.test(item.id)) {
    rows.push(actionRow('Tag', TAGS.map(([tag, text]) => h('span', { class: 'choice' },
      h('button', {
        type: 'button',
        class: `act small tag${(item.tag ?? null) === tag ? ' on' : ''}`,
        'aria-pressed': String((item.tag ?? null) === tag),
        'aria-label': tag ? `Tag ${text}` : 'No tag',
        dataset: { tag: tag ?? 'none' },
        onclick: () => actions.tag?.(tag),
      }, text)))));
  }
  if (item.lockable !== false) {
    rows.push(actionRow('Lock', [choice(item.locked ? 'Unlock' : 'Lock', {
      label: item.locked ? 'Unlock' : 'Lock',
      onclick: () => actions.lock(!item.locked),
    })]));
  }

  const perks = item.perks.filter(Boolean);
  const parts = [
    h('header', { class: `detail-head ${tierClass(item.tier)}` },
      icon(iconUrl(base, item.icon), item.name, 'icon big'),
      h('div', {},
        h('h2', { id: 'item-name' }, item.name),
        h('p', { class: 'type' }, `${item.tier} ${item.type}${item.damage && item.damage !== 'kinetic' ? ` · ${item.damage}` : ''}`),
        h('p', { class: 'location' }, `${item.equipped ? 'Equipped on' : 'In'} ${placeName(item.location, characters)} · ${bucketLabel(item.bucket)}${item.locked ? ' · Locked' : ''}`)),
      item.power ? h('span', { class: 'power big' }, item.power) : null,
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close details', onclick: actions.close }, '×')),
    item.description ? h('p', { class: 'description' }, item.description) : null,
    item.note ? h('p', { class: 'note', 'aria-label': 'Your note' }, item.note) : null,
    statRows(item.stats),
    perks.length ? h('ul', { class: 'perks', 'aria-label': 'Perks' }, perks.map((p) => h('li', {}, h('strong', {}, p)))) : null,
    h('div', { class: 'actions' }, rows),
  ];
  // Absent parts are left out: replaceChildren would print `null` as text.
  root.replaceChildren(...parts.filter((part) => part !== null));
}
