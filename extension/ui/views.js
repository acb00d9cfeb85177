// The popup's views under the character cards: Inventory (gear, loadouts, vault), Progress
// (quests, bounties, milestones), History (recent activities), Vendors (what the selected
// character's vendors sell), Collections (a search of the account's collectibles) and Clan (the
// roster). A tab strip switches them; the character cards stay, so each view shows the selected
// character.

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
export const VIEWS = Object.keys(PANELS);

/** Shows `view`'s panels and marks its tab selected. */
export function showView(view) {
  for (const [name, panels] of Object.entries(PANELS)) {
    const on = name === view;
    for (const id of panels) document.getElementById(id).hidden = !on;
    const tab = document.getElementById(`view-${name}`);
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
  }
}

/** Wires the tab strip `root`: a click, or the arrow keys, calls `onChange(view)`. */
export function setupViews(root, onChange) {
  root.addEventListener('click', (e) => {
    const view = e.target.closest('[data-view]')?.dataset.view;
    if (view) onChange(view);
  });
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const current = VIEWS.indexOf(document.activeElement?.dataset.view);
    if (current === -1) return;
    const next = VIEWS[(current + (e.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length];
    onChange(next);
    document.getElementById(`view-${next}`).focus();
    e.preventDefault();
  });
}
