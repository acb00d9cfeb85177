// @ts-check
// The popup's views under the character cards: Inventory (gear, loadouts, vault), Progress
// (quests, bounties, milestones), History (recent activities), Vendors (what the selected
// character's vendors sell), Collections (a search of the account's collectibles) and Clan (the
// roster). A tab strip switches them; the character cards stay, so each view shows the selected
// character.
import { byId } from '../lib/dom.js';

/** Each view and the panels it shows. */
const PANELS = {
  inventory: ['character-panel', 'items-panel'],
  progress: ['progress-panel'],
  history: ['history-panel'],
  vendors: ['vendors-panel'],
  collections: ['collections-panel'],
  clan: ['clan-panel'],
};

/** The views, in the tab strip's order. */
export const VIEWS = /** @type {View[]} */ (Object.keys(PANELS));

/** @typedef {keyof typeof PANELS} View */

/**
 * Shows `view`'s panels and marks its tab selected.
 * @param {View} view
 */
export function showView(view) {
  for (const [name, panels] of Object.entries(PANELS)) {
    const on = name === view;
    for (const id of panels) byId(id).hidden = !on;
    const tab = byId(`view-${name}`);
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
  }
}

/**
 * The view a tab names, or null.
 * @param {EventTarget | Element | null} el
 * @returns {View | null}
 */
function viewOf(el) {
  const name = el instanceof Element ? el.closest('[data-view]')?.getAttribute('data-view') : null;
  return name && name in PANELS ? /** @type {View} */ (name) : null;
}

/**
 * Wires the tab strip `root`: a click, or the arrow keys, calls `onChange(view)`.
 * @param {HTMLElement} root
 * @param {(view: View) => void} onChange
 */
export function setupViews(root, onChange) {
  root.addEventListener('click', (e) => {
    const view = viewOf(e.target);
    if (view) onChange(view);
  });
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const shown = viewOf(document.activeElement);
    const current = shown ? VIEWS.indexOf(shown) : -1;
    if (current === -1) return;
    const next = VIEWS[(current + (e.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length];
    onChange(next);
    byId(`view-${next}`).focus();
    e.preventDefault();
  });
}
