// The loadouts of the selected character: one row each with Equip and Delete.
import { h } from '../lib/dom.js';

/** Draws `loadouts` into the list `root`; `actions` holds `equip(loadout)` and `remove(loadout)`. */
export function renderLoadouts(root, loadouts, actions) {
  if (!loadouts.length) {
    root.replaceChildren(h('li', { class: 'empty' }, 'No loadouts yet: save the current gear below.'));
    return;
  }
  root.replaceChildren(...loadouts.map((l) => h('li', { class: 'loadout', dataset: { loadoutId: l.id } },
    h('span', { class: 'name' }, l.name),
    h('span', { class: 'count' }, `${l.items.length} item${l.items.length === 1 ? '' : 's'}`),
    h('button', { type: 'button', class: 'primary', 'aria-label': `Equip loadout ${l.name}`, onclick: () => actions.equip(l) }, 'Equip'),
    h('button', { type: 'button', class: 'quiet', 'aria-label': `Delete loadout ${l.name}`, onclick: () => actions.remove(l) }, 'Delete'))));
}
