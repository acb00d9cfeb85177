// @ts-check
// The loadouts of the selected character: one row each with its item icons, Equip, and Delete
// behind a confirmation. The automatic "Before …" snapshot the daemon saves before equipping a
// loadout is not listed as a loadout: it is offered as one Undo button.
import { h, icon } from '../lib/dom.js';
import { iconUrl } from '../lib/rpc.js';
/**
 * @import { Item, Loadout } from '../../protocol/ts/protocol.js'
 * @typedef {object} LoadoutActions what the rows' buttons do
 * @property {(loadout: Loadout, row: HTMLElement) => void} equip
 * @property {(loadout: Loadout) => void} remove
 * @property {(loadout: Loadout, button: HTMLElement) => void} undo
 * @property {(loadout: Loadout, button: HTMLElement) => void} [snapshot] for in-game loadouts
 */

/** The daemon's name prefix for the gear saved before a loadout was equipped. */
export const BEFORE_PREFIX = 'Before ';

/**
 * Splits loadouts into the player's own (in-game ones too) and the newest undo snapshot (or null).
 * @param {Loadout[]} loadouts
 */
export function splitUndo(loadouts) {
  const isUndo = (/** @type {Loadout} */ l) => l.source !== 'game' && l.name.startsWith(BEFORE_PREFIX);
  const own = loadouts.filter((l) => !isUndo(l));
  const undo = loadouts
    .filter(isUndo)
    .sort((a, b) => String(b.updatedAt ?? b.createdAt).localeCompare(String(a.updatedAt ?? a.createdAt)))[0] ?? null;
  return { own, undo };
}

/**
 * Up to eight icons of the loadout's items, from the inventory mirror (`itemOf(id)`).
 * @param {Loadout} loadout
 * @param {(id: string) => Item | undefined} itemOf
 * @param {string} base
 */
function iconStrip(loadout, itemOf, base) {
  const icons = loadout.items.slice(0, 8).map((entry) => {
    const item = itemOf(entry.id);
    return item ? icon(iconUrl(base, item.icon), item.name, 'icon mini') : h('span', { class: 'icon mini placeholder missing', title: 'Not in the inventory any more' }, '?');
  });
  const more = loadout.items.length - 8;
  return h('span', { class: 'loadout-icons', 'aria-label': `${loadout.items.length} item${loadout.items.length === 1 ? '' : 's'}` },
    icons, more > 0 ? h('span', { class: 'more' }, `+${more}`) : null);
}

/**
 * An in-game loadout: its colour and icon, its slot, Equip, and Update (the character's gear
 * into the slot, as the game's own Save does). The game keeps it: no Delete here.
 * @param {Loadout} l
 * @param {(id: string) => Item | undefined} itemOf
 * @param {string} base
 * @param {LoadoutActions} actions
 */
function gameRow(l, itemOf, base, actions) {
  const slot = l.index === undefined ? '' : `slot ${l.index + 1}`;
  const { snapshot } = actions;
  // Built whole by h(), which leaves out the absent parts (replaceChildren would print "null").
  const row = h('li', { class: 'loadout game', dataset: { loadoutId: l.id }, title: `In-game loadout${slot ? `, ${slot}` : ''}` },
    h('span', { class: 'game-badge' },
      l.color ? icon(iconUrl(base, l.color), '', 'icon mini swatch') : null,
      l.icon ? icon(iconUrl(base, l.icon), '', 'icon mini game-icon') : null),
    h('span', { class: 'name' }, l.name, h('small', { class: 'game-slot' }, slot ? `in game · ${slot}` : 'in game')),
    iconStrip(l, itemOf, base),
    h('button', { type: 'button', class: 'act primary', 'aria-label': `Equip in-game loadout ${l.name}`, onclick: () => actions.equip(l, row) }, 'Equip'),
    snapshot ? h('button', { type: 'button', class: 'act quiet', title: 'Save what the character wears now into this slot', 'aria-label': `Save current gear into in-game loadout ${l.name}`, onclick: (/** @type {MouseEvent} */ e) => snapshot(l, /** @type {HTMLElement} */ (e.currentTarget)) }, 'Update') : null);
  return row;
}

/**
 * Draws `loadouts` into the list `root` and the undo button into `undoRoot`. `actions` holds
 * `equip(loadout, row)`, `remove(loadout)`, `undo(loadout, button)` and, for in-game loadouts,
 * `snapshot(loadout, button)`; `itemOf(id)` finds an item.
 * @param {HTMLElement} root
 * @param {HTMLElement} undoRoot
 * @param {Loadout[]} loadouts
 * @param {{itemOf: (id: string) => Item | undefined, base: string, actions: LoadoutActions}} options
 */
export function renderLoadouts(root, undoRoot, loadouts, { itemOf, base, actions }) {
  const { own, undo } = splitUndo(loadouts);
  undoRoot.replaceChildren(...(undo ? [h('button', {
    type: 'button',
    class: 'act undo',
    'aria-label': `Undo: put back the gear from ${undo.name.slice(BEFORE_PREFIX.length)}`,
    onclick: (e) => actions.undo(undo, e.currentTarget),
  }, `↶ Undo: put back the gear worn before ${undo.name.slice(BEFORE_PREFIX.length)}`)] : []));
  if (!own.length) {
    root.replaceChildren(h('li', { class: 'empty' }, 'No loadouts yet: save the current gear below.'));
    return;
  }
  root.replaceChildren(...own.map((l) => {
    if (l.source === 'game') return gameRow(l, itemOf, base, actions);
    const row = h('li', { class: 'loadout', dataset: { loadoutId: l.id } });
    const normal = () => row.replaceChildren(
      h('span', { class: 'name' }, l.name),
      iconStrip(l, itemOf, base),
      h('button', { type: 'button', class: 'act primary', 'aria-label': `Equip loadout ${l.name}`, onclick: () => actions.equip(l, row) }, 'Equip'),
      h('button', { type: 'button', class: 'act quiet', 'aria-label': `Delete loadout ${l.name}`, onclick: confirm }, 'Delete'));
    // Delete asks first, in the row itself; Keep (or Escape) puts the row back.
    const confirm = () => {
      row.classList.add('confirming');
      const keep = h('button', { type: 'button', class: 'act', 'aria-label': `Keep loadout ${l.name}`, onclick: () => { row.classList.remove('confirming'); normal(); } }, 'Keep');
      row.replaceChildren(
        h('span', { class: 'name confirm-text', role: 'alert' }, `Delete “${l.name}”? This cannot be undone.`),
        h('button', { type: 'button', class: 'act danger', 'aria-label': `Yes, delete loadout ${l.name}`, onclick: () => actions.remove(l) }, 'Delete'),
        keep);
      row.addEventListener('keydown', (e) => { if (e.key === 'Escape') keep.click(); }, { once: true });
      keep.focus();
    };
    normal();
    return row;
  }));
}
