// @ts-check
// The popup's controller: chooses the screen (daemon offline, pairing, inventory), keeps one
// DaemonLink open, redraws from the Inventory mirror on every change, and runs the player's actions
// through the operations panel. Drawing lives in ui/, the protocol in lib/.
import { DaemonLink, RpcConnection, describeError, disconnected } from './lib/rpc.js';
import { Inventory, groupByBucket, touchedIds } from './lib/inventory.js';
import { byId, classLabel } from './lib/dom.js';
import { loadSettings, saveToken, daemonUrls, CLIENT, DEFAULT_PORT } from './settings.js';
import { parseDimLoadout } from './dim-link.js';
import { renderCharacters, renderEquipped, renderBuckets, renderPostmaster } from './ui/inventory-view.js';
import { renderItemDetail, placeName } from './ui/item-dialog.js';
import { renderLoadouts } from './ui/loadouts-view.js';
import { OperationsPanel } from './ui/operations.js';
import { setupPairing } from './ui/pairing.js';
import { renderBulkMove, moveAll } from './ui/bulk-move.js';
import { showTrayPlace } from './ui/tray-place.js';
import { renderManifest } from './ui/manifest-status.js';
import { renderCharacterTools } from './ui/character-tools.js';
import { ProgressMirror } from './lib/progress.js';
import { setupViews, showView } from './ui/views.js';
import { renderProgress } from './ui/progress-view.js';
import { renderHistory, renderLifetime } from './ui/history-view.js';
import { renderVendors, renderCurrencies, readText } from './ui/vendors-view.js';
import { renderCollections } from './ui/collections-view.js';
import { renderClan } from './ui/clan-view.js';
/**
 * @import { AccountStats, ActivityCompleted, ClanResult, CollectionsResult, Item, Loadout, Location, MethodName, OperationResult, ParamsOf, ProgressItem, ResultOf, SessionChanged, Vendor } from '../protocol/ts/protocol.js'
 * @import { LinkSession, LinkState, RpcError } from './lib/rpc.js'
 * @import { View } from './ui/views.js'
 * @typedef {'loading' | 'error' | 'ready'} Loading
 */

const $ = byId;
const ui = {
  conn: $('conn'), account: $('account'), banner: $('banner'), bannerText: $('banner-text'), bannerAction: $('banner-action', HTMLButtonElement),
  characters: $('characters'), equipped: $('equipped'), loadouts: $('loadouts'), items: $('items'),
  itemsHeading: $('items-heading'), itemsCount: $('items-count'), search: $('search', HTMLInputElement), searchError: $('search-error'),
  dialog: $('item-dialog', HTMLDialogElement), detail: $('item-detail'), carried: $('carried'), carriedCount: $('carried-count'),
  postmaster: $('postmaster'), undo: $('undo'), bulk: $('bulk'),
};

/**
 * The popup's state.
 * @type {{
 *   urls: {http: string, ws: string}, link: DaemonLink | null, inventory: Inventory, selected: string | null, query: string,
 *   results: Item[] | null, loadouts: Loadout[], openItemId: string | null, anchor: HTMLElement | null, blocked: string | null,
 *   farming: string | null, everOnline: boolean, renderQueued: boolean, view: View, progress: ProgressMirror,
 *   progressState: {state: Loading, message: string}, tracking: Set<string>,
 *   history: {characterId: string | null, activities: ActivityCompleted[], state: Loading, message: string},
 *   stats: AccountStats | null,
 *   vendors: {characterId: string | null, vendors: Vendor[], readAt: string, state: Loading, message: string},
 *   notOwnedOnly: boolean,
 *   collections: {query: string | null, result: CollectionsResult | null, state: Loading},
 *   clan: {result: ClanResult | null, state: Loading, message: string, readMs: number},
 * }}
 */
const app = {
  urls: daemonUrls(DEFAULT_PORT), // the stored port's, once main() has read it
  link: null,
  inventory: new Inventory(),
  selected: null,
  query: '',
  results: null, // items of the last search, or null for the vault view
  loadouts: [],
  openItemId: null,
  anchor: null, // the element that opened the item dialog: the operation toast keeps clear of it
  blocked: null, // why actions are off now (daemon stopped, Bungie's wait), or null
  farming: null, // the character farming mode keeps room on, or null
  everOnline: false,
  renderQueued: false,
  view: 'inventory', // inventory | progress | history | vendors | collections | clan
  progress: new ProgressMirror(), // every character's quests, bounties and milestones
  progressState: { state: 'loading', message: '' },
  tracking: new Set(), // pursuits whose Track/Untrack is on its way
  history: { characterId: null, activities: [], state: 'loading', message: '' },
  stats: null,
  vendors: { characterId: null, vendors: [], readAt: '', state: 'loading', message: '' },
  notOwnedOnly: false,
  collections: { query: null, result: null, state: 'loading' },
  clan: { result: null, state: 'loading', message: '', readMs: 0 },
};
const CLAN_EVERY_MS = 10 * 60_000; // the roster is read again this often while the Clan view is shown
const ops = new OperationsPanel($('ops'), (id) => app.inventory.items.get(id)?.name ?? 'item', (loc) => placeName(loc, app.inventory.characters));

/** @param {'offline' | 'pair' | 'main'} name */
function showScreen(name) {
  for (const s of ['offline', 'pair', 'main']) $(`screen-${s}`).hidden = s !== name;
}

/**
 * @param {LinkState | 'unpaired'} state
 * @param {string} text
 */
function setConn(state, text) {
  ui.conn.dataset.state = state;
  ui.conn.textContent = text;
}

// ---- banner: errors a person should read, and the session's state ----

/** @type {ReturnType<typeof setInterval> | undefined} */
let bannerTimer;
/**
 * Shows the banner: a `kind` (its look), the words, and an optional button.
 * @param {string} kind
 * @param {string} text
 * @param {{action?: string | null, onAction?: (() => void) | null}} [options]
 */
function showBanner(kind, text, { action = null, onAction = null } = {}) {
  clearInterval(bannerTimer);
  ui.banner.hidden = false;
  ui.banner.dataset.kind = kind;
  ui.bannerText.textContent = text;
  ui.bannerAction.hidden = !action;
  if (action) {
    ui.bannerAction.textContent = action;
    ui.bannerAction.onclick = onAction;
  }
}
function hideBanner() {
  clearInterval(bannerTimer);
  if (ui.banner.dataset.kind === 'throttled') setBlocked(null);
  ui.banner.hidden = true;
}

/**
 * Turns every action button off (with `reason` as its tooltip) while the daemon is stopped or
 * Bungie.net asks us to wait, and back on with null: nothing looks usable that is not.
 * @param {string | null} reason
 */
function setBlocked(reason) {
  app.blocked = reason;
  document.body.classList.toggle('blocked', Boolean(reason));
  applyBlocked();
}

function applyBlocked() {
  for (const button of document.querySelectorAll(/** @type {'button'} */ ('button.act, #save-loadout button, #import-loadout button'))) {
    if (app.blocked) {
      if (!button.disabled) button.dataset.blockedOff = '1';
      button.disabled = true;
      button.dataset.blockedTitle ??= button.title ?? '';
      button.title = app.blocked;
    } else if (button.dataset.blockedOff) {
      button.disabled = false;
      button.title = button.dataset.blockedTitle ?? '';
      delete button.dataset.blockedOff;
      delete button.dataset.blockedTitle;
    }
  }
}

/** @param {unknown} error what a call threw */
function showError(error) {
  const d = describeError(error);
  if (d.kind === 'signed_out') {
    showSignedOut(d.text);
  } else if (d.kind === 'throttled') {
    const until = Date.now() + (d.retryAfterMs ?? 1000);
    showBanner('throttled', d.text);
    setBlocked('Bungie.net asked Vault Raider to wait a moment');
    bannerTimer = setInterval(() => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(bannerTimer);
        ui.bannerText.textContent = 'Bungie.net is ready again: you can retry.';
        setBlocked(null);
      } else {
        ui.bannerText.textContent = `${error instanceof Error ? error.message : d.text} (retry in ${left} s)`;
      }
    }, 1000);
  } else {
    showBanner(d.kind, d.text);
  }
}

/** @param {string} [text] */
function showSignedOut(text = 'You are signed out of Bungie.net. Your inventory is shown from the last sync.') {
  showBanner('signed_out', text, { action: 'Sign in', onAction: signIn });
}

async function signIn() {
  ui.bannerAction.disabled = true;
  ui.bannerText.textContent = 'Signing in with Bungie.net…';
  try {
    const answer = await chrome.runtime.sendMessage({ type: 'sign-in' });
    if (answer?.ok) hideBanner();
    else showSignedOut(`Sign-in did not finish: ${answer?.message ?? 'no answer'}`);
  } finally {
    ui.bannerAction.disabled = false;
  }
}

/** @param {LinkSession} session */
function onSession({ state, message }) {
  if (state === 'signed_in') {
    if (['signed_out', 'maintenance', 'offline', 'app_rejected', 'not_configured'].includes(ui.banner.dataset.kind ?? '')) hideBanner();
  } else if (state === 'signed_out') {
    showSignedOut(message);
  } else if (state === 'app_rejected' || state === 'not_configured') {
    // Signing in again cannot fix these: say what to change, offer no Sign in.
    showBanner(state, message ?? 'Bungie.net refuses Vault Raider\'s application settings.');
  } else if (state === 'maintenance') {
    showBanner('maintenance', 'Bungie.net is down for maintenance. Your inventory is shown from the last sync; moves wait until it is back.');
  } else if (state === 'offline') {
    showBanner('offline', 'The daemon cannot reach Bungie.net right now. Your inventory is shown from the last sync.');
  }
}

// ---- drawing ----

function scheduleRender() {
  if (app.renderQueued) return;
  app.renderQueued = true;
  requestAnimationFrame(() => {
    app.renderQueued = false;
    render();
  });
}

function render() {
  const inv = app.inventory;
  const base = app.urls.http;
  ui.account.textContent = inv.account?.displayName ?? '';
  const characters = inv.charactersByRecent();
  if (!app.selected || !inv.characters.has(app.selected)) app.selected = characters[0]?.characterId ?? null;
  renderCharacters(ui.characters, characters, app.selected, base, (id) => {
    app.selected = id;
    render();
  });
  renderCurrencies($('currencies'), inv.currencies, base);
  const selected = inv.characters.get(app.selected);
  const who = selected ? classLabel(selected.class) : '';
  $('equipped-heading').textContent = selected ? `${who} — equipped` : 'Equipped';
  renderCharacterTools($('character-tools'), selected, app.farming, {
    maxPower: (characterId, button) => operate(`Maximum Power on ${who}`, call('loadouts.maxPower', { characterId }), button),
    farming: (characterId, on) => toggleFarming(characterId, on),
  });
  renderEquipped(ui.equipped, inv.equippedOn(app.selected), base, openItem);
  renderPostmaster(ui.postmaster, inv.postmasterOf(app.selected), base, openItem, (button) => operate(`Pull everything to ${who}`, call('postmaster.pull', { characterId: selected?.characterId }), button));
  const carried = inv.carriedBy(app.selected);
  setHeading($('carried-heading'), selected ? `${who} — inventory ` : 'Inventory ');
  ui.carriedCount.textContent = `${[...carried.values()].reduce((n, items) => n + items.length, 0)}`;
  renderBuckets(ui.carried, carried, base, openItem, { empty: 'Nothing carried besides the equipped gear.' });
  renderLoadouts(ui.loadouts, ui.undo, app.loadouts.filter((l) => l.characterId === app.selected), {
    itemOf: (id) => inv.items.get(id),
    base,
    actions: { equip: equipLoadout, remove: deleteLoadout, undo: undoLoadout, snapshot: snapshotGameLoadout },
  });
  renderViews();
  $('screen-main').classList.toggle('searching', Boolean(app.results));
  if (app.results) {
    setHeading(ui.itemsHeading, 'Search results ');
    ui.itemsCount.textContent = `${app.results.length}`;
    const fresh = app.results.map((r) => inv.items.get(r.id) ?? r);
    renderBuckets(ui.items, groupByBucket(fresh), base, openItem, { whereOf: (item) => shortPlace(item.location), empty: ui.searchError.textContent ? 'No results: the search above has a mistake.' : 'Nothing matches.' });
    renderBulkMove(ui.bulk, fresh, characters, (to, button) => moveResults(fresh, to, button));
  } else {
    ui.bulk.hidden = true;
    setHeading(ui.itemsHeading, 'Vault ');
    ui.itemsCount.textContent = `${inv.vault.used} / ${inv.vault.capacity}`;
    renderBuckets(ui.items, inv.byBucket((i) => i.location?.kind === 'vault'), base, openItem);
  }
  applyBlocked();
}

/**
 * Sets a heading's words, keeping the count that follows them (its first text node is the words).
 * @param {HTMLElement} heading
 * @param {string} text
 */
function setHeading(heading, text) {
  if (heading.firstChild) heading.firstChild.textContent = text;
  else heading.textContent = text;
}

/**
 * A search result's place on its tile: "Vault", "Titan", "Titan PM" (postmaster).
 * @param {Location | undefined} location
 */
function shortPlace(location) {
  if (!location) return '';
  if (location.kind === 'vault') return 'Vault';
  if (location.kind === 'profile') return 'Account';
  const c = app.inventory.characters.get(location.characterId);
  const name = c ? classLabel(c.class) : '?';
  return location.kind === 'postmaster' ? `${name} PM` : name;
}

/**
 * "Move results to…": every result that can go there, as one operation.
 * @param {Item[]} items
 * @param {string} to "vault" or a characterId
 * @param {HTMLElement} button
 */
function moveResults(items, to, button) {
  const place = to === 'vault' ? 'the vault' : classLabel(app.inventory.characters.get(to)?.class);
  if (!app.link) return showError(disconnected('Not connected to the daemon'));
  return operate(`Move ${items.length} results to ${place}`, moveAll(app.link, items, to), button);
}

/**
 * Flashes the tiles of items that just changed.
 * @param {string[]} ids
 */
function flash(ids) {
  for (const id of ids) {
    for (const el of document.querySelectorAll(/** @type {'div'} */ (`[data-item-id="${CSS.escape(id)}"]`))) {
      el.classList.remove('flash');
      void el.offsetWidth;
      el.classList.add('flash');
    }
  }
}

// ---- search ----

let searchSeq = 0;
async function runSearch() {
  const query = ui.search.value.trim();
  app.query = query;
  ui.searchError.textContent = '';
  ui.search.removeAttribute('aria-invalid');
  if (!query) {
    app.results = null;
    render();
    return;
  }
  if (app.view !== 'inventory') setView('inventory');
  const seq = ++searchSeq;
  try {
    const { items } = await call('items.search', { query, limit: 300 });
    if (seq !== searchSeq) return;
    app.results = items;
    render();
  } catch (e) {
    if (seq !== searchSeq) return;
    ui.search.setAttribute('aria-invalid', 'true');
    ui.searchError.textContent = e.message;
    // The old results do not belong to this search: they go.
    app.results = [];
    render();
  }
}

// ---- item details and actions ----

/**
 * Opens an item's dialog (or redraws it after a change).
 * @param {string} id
 * @param {HTMLElement | null} [anchor] what was clicked: the operation toast keeps clear of it
 */
async function openItem(id, anchor = null) {
  app.openItemId = id;
  if (anchor) app.anchor = anchor;
  try {
    const item = await call('items.get', { id });
    if (app.openItemId !== id) return;
    const anchor = app.anchor;
    renderItemDetail(ui.detail, item, app.inventory.characters, app.urls.http, {
      transfer: (to) => operate(`Move ${item.name} to ${to === 'vault' ? 'the vault' : classLabel(app.inventory.characters.get(to)?.class)}`, call('items.transfer', { id, to }), anchor),
      equip: (characterId) => operate(`Equip ${item.name} on ${classLabel(app.inventory.characters.get(characterId)?.class)}`, call('items.equip', { id, characterId }), anchor),
      pull: () => operate(`Pull ${item.name}`, call('postmaster.pull', { id }), anchor),
      lock: (locked) => operate(`${locked ? 'Lock' : 'Unlock'} ${item.name}`, call('items.lock', { id, locked }), anchor),
      tag: (tag) => setTag(id, tag),
      close: closeItem,
    });
    if (!ui.dialog.open) ui.dialog.showModal();
    applyBlocked();
  } catch (e) {
    showError(e);
  }
}

/**
 * Tags an item; the open dialog redraws when the `updated` change arrives.
 * @param {string} id
 * @param {import('../protocol/ts/protocol.js').ItemTag | null} tag
 */
async function setTag(id, tag) {
  try {
    await call('items.tag', { id, tag });
  } catch (e) {
    showError(e);
  }
}

function closeItem() {
  app.openItemId = null;
  if (ui.dialog.open) ui.dialog.close();
}

/**
 * Calls the daemon over the popup's link (rejects as disconnected before there is one).
 * @template {MethodName} M
 * @param {M} method
 * @param {ParamsOf<M>} params
 * @returns {Promise<ResultOf<M>>}
 */
function call(method, params) {
  return app.link ? app.link.call(method, params) : Promise.reject(disconnected('Not connected to the daemon'));
}

/**
 * Shows an operation (`running`: its call, already sent) in the toast, clear of `anchor`. Its
 * failure is said in the toast; only the states that concern every action (Bungie's wait, signed
 * out, maintenance, daemon gone) also take the banner. Resolves with its result, or null.
 * @template {Pick<OperationResult, 'ok' | 'steps'>} R
 * @param {string} title
 * @param {Promise<R>} running
 * @param {Element | null} [anchor]
 * @returns {Promise<R | null>}
 */
async function operate(title, running, anchor = null) {
  closeItem();
  try {
    return await ops.track(title, running, anchor);
  } catch (e) {
    if (describeError(e).kind !== 'error') showError(e);
    return null;
  }
}

// ---- the daemon's own helpers: farming mode ----

/** Reads farming mode and the guards (at connect; `automation.changed` keeps it current). */
async function refreshAutomation() {
  try {
    const status = await call('automation.status', {});
    app.farming = status.farming ?? null;
    scheduleRender();
  } catch {
    // An older daemon: the toggle stays off.
  }
}

/**
 * @param {string} characterId
 * @param {boolean} on
 */
async function toggleFarming(characterId, on) {
  try {
    const status = on ? await call('farming.start', { characterId }) : await call('farming.stop', {});
    app.farming = status.farming ?? null;
    scheduleRender();
  } catch (e) {
    showError(e);
  }
}

// ---- progress and history views ----

/** @param {View} view */
function setView(view) {
  app.view = view;
  showView(view);
  if (view === 'progress' && !app.progress.loaded) refreshProgress();
  if (view === 'history' && app.history.characterId !== app.selected) refreshHistory();
  if (view === 'history' && !app.stats) refreshStats();
  if (view === 'vendors' && app.vendors.characterId !== app.selected) refreshVendors();
  if (view === 'collections' && app.collections.query === null) searchCollections();
  if (view === 'clan' && Date.now() - app.clan.readMs > 60_000) refreshClan();
  scheduleRender();
}

/** Draws the Progress or History view when it is the one shown. */
function renderViews() {
  if (app.view === 'progress') {
    renderProgress($('progress'), app.progress.items(app.selected), {
      ...app.progressState, base: app.urls.http, track: trackPursuit, pending: app.tracking,
    });
  } else if (app.view === 'history') {
    if (app.history.characterId !== app.selected) refreshHistory();
    renderHistory($('history'), app.history.activities, app.history);
    renderLifetime($('lifetime'), app.stats);
  } else if (app.view === 'vendors') {
    if (app.vendors.characterId !== app.selected) refreshVendors();
    renderVendors($('vendors'), app.vendors.vendors, { ...app.vendors, base: app.urls.http, notOwnedOnly: app.notOwnedOnly });
    $('vendors-read').textContent = app.vendors.state === 'ready' ? readText(app.vendors.readAt) : '';
  } else if (app.view === 'collections') {
    renderCollections($('collections'), app.collections.result, { state: app.collections.state, base: app.urls.http });
  } else if (app.view === 'clan') {
    renderClan($('clan'), app.clan.result, app.clan);
  }
}

// ---- vendors, collections and clan views ----

let vendorsSeq = 0;
/** Reads what the selected character's vendors sell; `refresh` asks Bungie.net again. */
async function refreshVendors(refresh = false) {
  const characterId = app.selected;
  const seq = ++vendorsSeq;
  const same = app.vendors.characterId === characterId;
  app.vendors = { ...app.vendors, characterId, vendors: same ? app.vendors.vendors : [], state: same && app.vendors.state === 'ready' ? 'ready' : 'loading', message: '' };
  if (!characterId) return;
  const button = $('vendors-refresh', HTMLButtonElement);
  if (refresh) {
    button.disabled = true;
    button.textContent = 'Refreshing…';
  }
  try {
    const answer = await call('vendors.list', refresh ? { characterId, refresh: true } : { characterId });
    if (seq !== vendorsSeq) return;
    app.vendors = { characterId, vendors: answer.vendors ?? [], readAt: answer.readAt ?? '', state: 'ready', message: '' };
    // The answer carries the account's currencies as Bungie.net has them now.
    if (Array.isArray(answer.currencies)) app.inventory.currencies = answer.currencies;
  } catch (e) {
    if (seq !== vendorsSeq) return;
    app.vendors = { characterId, vendors: [], readAt: '', state: 'error', message: describeError(e).text };
  } finally {
    if (refresh) {
      button.disabled = false;
      button.textContent = 'Refresh';
      applyBlocked();
    }
  }
  scheduleRender();
}

let collectionsSeq = 0;
/** Searches the collections with the box's words; the daemon's message shows under the box. */
async function searchCollections() {
  const input = $('collections-search', HTMLInputElement);
  const query = input.value.trim();
  const seq = ++collectionsSeq;
  app.collections = { ...app.collections, query, state: 'loading' };
  $('collections-error').textContent = '';
  input.removeAttribute('aria-invalid');
  scheduleRender();
  try {
    const result = await call('collections.search', { query, limit: 200 });
    if (seq !== collectionsSeq) return;
    app.collections = { query, result, state: 'ready' };
  } catch (e) {
    if (seq !== collectionsSeq) return;
    input.setAttribute('aria-invalid', 'true');
    $('collections-error').textContent = describeError(e).text;
    app.collections = { query, result: null, state: 'error' };
  }
  scheduleRender();
}

/** Reads the clan and its roster (the daemon keeps it a minute). */
async function refreshClan() {
  if (!app.clan.result) app.clan = { ...app.clan, state: 'loading', message: '' };
  try {
    const result = await call('clan.get', {});
    app.clan = { result, state: 'ready', message: '', readMs: Date.now() };
  } catch (e) {
    app.clan = { result: null, state: 'error', message: describeError(e).text, readMs: 0 };
  }
  scheduleRender();
}

/** Reads every character's progress (`progress.changed` keeps it current after). */
async function refreshProgress() {
  if (!app.progress.loaded) app.progressState = { state: 'loading', message: '' };
  try {
    app.progress.load(await call('progress.list', {}));
    app.progressState = { state: 'ready', message: '' };
  } catch (e) {
    if (!app.progress.loaded) app.progressState = { state: 'error', message: describeError(e).text };
  }
  scheduleRender();
}

/**
 * Tracks or untracks a pursuit in game; the button shows the answer.
 * @param {ProgressItem} item
 * @param {boolean} tracked
 */
async function trackPursuit(item, tracked) {
  app.tracking.add(item.id);
  scheduleRender();
  try {
    const answer = await call('progress.track', { id: item.id, tracked });
    app.progress.put(answer.item);
  } catch (e) {
    showError(e);
  } finally {
    app.tracking.delete(item.id);
    scheduleRender();
  }
}

let historySeq = 0;
/** Reads the selected character's recent activities. */
async function refreshHistory() {
  const characterId = app.selected;
  const seq = ++historySeq;
  const same = app.history.characterId === characterId;
  app.history = { characterId, activities: same ? app.history.activities : [], state: same ? app.history.state : 'loading', message: '' };
  if (!characterId) return;
  try {
    const { activities } = await call('activities.history', { characterId, count: 10 });
    if (seq !== historySeq) return;
    app.history = { characterId, activities, state: 'ready', message: '' };
  } catch (e) {
    if (seq !== historySeq) return;
    app.history = { characterId, activities: [], state: 'error', message: describeError(e).text };
  }
  scheduleRender();
}

async function refreshStats() {
  try {
    app.stats = await call('stats.account', {});
    scheduleRender();
  } catch {
    // Lifetime figures are a nicety: the history stands without them.
  }
}

// ---- loadouts ----

/** Shows a manifest download already under way when the popup connects. */
async function refreshManifest() {
  try {
    const status = await call('session.status', {});
    renderManifest($('manifest-status'), status.manifest);
  } catch {
    // Not worth a banner: the next `sync.status` event says the same.
  }
}

async function refreshLoadouts() {
  try {
    const { loadouts } = await call('loadouts.list', {});
    app.loadouts = loadouts;
    scheduleRender();
  } catch (e) {
    showError(e);
  }
}

/**
 * Equips a loadout, then reloads the list: the daemon saved a "Before …" snapshot to undo it.
 * @param {Loadout} loadout
 * @param {HTMLElement} row
 */
async function equipLoadout(loadout, row) {
  const done = await operate(`Equip loadout ${loadout.name}`, call('loadouts.equip', { loadoutId: loadout.id, characterId: app.selected ?? loadout.characterId }), row);
  await refreshLoadouts();
  return done;
}

/**
 * Puts back the gear saved before the last loadout (the daemon's "Before …" snapshot).
 * @param {Loadout} snapshot
 * @param {HTMLElement} button
 */
async function undoLoadout(snapshot, button) {
  const done = await operate(`Undo: ${snapshot.name.toLowerCase()}`, call('loadouts.equip', { loadoutId: snapshot.id, characterId: snapshot.characterId }), button);
  if (done?.ok) refreshLoadouts();
}

/**
 * Saves the character's gear into an in-game slot (the game's own Save); the list follows.
 * @param {Loadout} loadout an in-game loadout (it has its slot's `index`)
 * @param {HTMLElement} button
 */
async function snapshotGameLoadout(loadout, button) {
  if (loadout.index === undefined) return;
  await operate(`Update ${loadout.name} (in game)`, call('loadouts.snapshotGame', { characterId: loadout.characterId, index: loadout.index }), button);
  await refreshLoadouts();
}

/** @param {Loadout} loadout */
async function deleteLoadout(loadout) {
  try {
    await call('loadouts.delete', { loadoutId: loadout.id });
    await refreshLoadouts();
  } catch (e) {
    showError(e);
  }
}

$('save-loadout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('loadout-name', HTMLInputElement);
  if (!app.selected) return;
  try {
    await call('loadouts.save', { name: input.value.trim(), characterId: app.selected });
    input.value = '';
    await refreshLoadouts();
  } catch (e) {
    showError(e);
  }
});

$('import-loadout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('dim-link', HTMLInputElement);
  try {
    const { loadout } = await call('loadouts.import', { dim: parseDimLoadout(input.value) });
    input.value = '';
    app.selected = loadout.characterId;
    await refreshLoadouts();
  } catch (e) {
    showError(e);
  }
});

// ---- connecting ----

/** @param {{state: LinkState, error?: RpcError | Error}} change */
function onState({ state, error }) {
  if (state === 'online') {
    app.everOnline = true;
    setConn('online', 'Connected');
    if (app.blocked && ui.banner.dataset.kind !== 'throttled') setBlocked(null);
    if (ui.banner.dataset.kind === 'disconnected') hideBanner();
    showScreen('main');
    render();
    performance.mark('vr-first-paint');
    refreshLoadouts();
    refreshManifest();
    refreshAutomation();
    if (app.query) runSearch();
    // Progress and history may have moved while the popup was away.
    if (app.view === 'progress' || app.progress.loaded) refreshProgress();
    if (app.view === 'history') {
      app.history.characterId = null;
      refreshHistory();
    }
    if (app.view === 'vendors') refreshVendors();
    if (app.view === 'collections') searchCollections();
    if (app.view === 'clan') refreshClan();
  } else if (state === 'connecting') {
    setConn('connecting', 'Connecting…');
  } else if (state === 'offline') {
    setConn('offline', 'Daemon offline');
    setBlocked('The Vault Raider daemon is not running');
    if (app.everOnline) {
      showBanner('disconnected', 'The Vault Raider daemon stopped. Start it again (vault-raider run, or vault-raider demo); this window reconnects by itself.');
    } else {
      $('offline-address').textContent = app.urls.ws.replace(/^ws:\/\//, '').replace(/\/ws$/, '');
      showScreen('offline');
    }
  } else if (state === 'unsupported') {
    setConn('offline', 'Incompatible');
    showBanner('error', `${error?.message ?? 'The daemon speaks another protocol version'}. Update the extension or the daemon so they match.`);
  } else if (state === 'unauthorized') {
    setConn('unpaired', 'Not paired');
    saveToken(null);
    startPairing('The daemon no longer knows this browser (its pairing was revoked). Pair it again.');
  }
}

/** @param {string} token the client token pairing gave */
function startLink(token) {
  app.link?.stop();
  const link = new DaemonLink({ url: app.urls.ws, token, client: CLIENT, inventory: app.inventory });
  app.link = link;
  link.on('state', (e) => onState(e.detail));
  link.on('session', (e) => onSession(e.detail));
  link.on('event', ({ detail: event }) => {
    if (event.method === 'operation.progress') ops.progress(event.params);
    if (event.method === 'sync.status') renderManifest($('manifest-status'), event.params.manifest);
    if (event.method === 'loadouts.changed') refreshLoadouts();
    if (event.method === 'progress.changed') {
      app.progress.apply(event.params);
      if (app.view === 'progress') scheduleRender();
    }
    if (event.method === 'activity.completed' && event.params.characterId === app.history.characterId) {
      if (app.view === 'history') refreshHistory();
      else app.history.characterId = null;
    }
    if (event.method === 'automation.changed') {
      app.farming = event.params.farming ?? null;
      scheduleRender();
    }
  });
  link.start();
}

app.inventory.on('change', (e) => {
  scheduleRender();
  if (!e.detail.reset) requestAnimationFrame(() => flash(e.detail.changes.flatMap(touchedIds)));
  if (app.query && !e.detail.reset) runSearch();
  // An open item dialog follows its item (moved, locked, equipped elsewhere).
  const id = app.openItemId;
  if (id && ui.dialog.open && (e.detail.reset || e.detail.changes.some((c) => touchedIds(c).includes(id)))) openItem(id);
});

/** @param {string} [message] why pairing is asked for */
function startPairing(message = '') {
  showScreen('pair');
  $('pair-error').textContent = message;
}

async function main() {
  const { port, token } = await loadSettings();
  app.urls = daemonUrls(port);
  showTrayPlace($('pair-tray-place'));
  setupPairing({
    wsUrl: app.urls.ws,
    client: CLIENT,
    onPaired: async (newToken) => {
      await saveToken(newToken);
      startLink(newToken);
    },
    onOffline: () => onState({ state: 'offline' }),
  });
  $('banner-close').addEventListener('click', hideBanner);
  setupViews($('views'), setView);
  const notOwned = $('vendors-not-owned', HTMLInputElement);
  notOwned.addEventListener('change', () => {
    app.notOwnedOnly = notOwned.checked;
    scheduleRender();
  });
  $('vendors-refresh').addEventListener('click', () => refreshVendors(true));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let collectionsDebounce;
  $('collections-search').addEventListener('input', () => {
    clearTimeout(collectionsDebounce);
    collectionsDebounce = setTimeout(searchCollections, 250);
  });
  $('collections-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(collectionsDebounce);
    searchCollections();
  });
  // While the Clan view is shown, the roster is read again every 10 minutes.
  setInterval(() => {
    if (app.view === 'clan' && app.link) refreshClan();
  }, CLAN_EVERY_MS);
  $('retry').addEventListener('click', () => (app.link ? app.link.connectOnce() : probe()));
  ui.dialog.addEventListener('close', () => { app.openItemId = null; });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let debounce;
  ui.search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(runSearch, 180);
  });
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(debounce);
    runSearch();
  });
  if (token) startLink(token);
  else probe();
}

/** Before pairing: is the daemon there at all? */
async function probe() {
  try {
    (await RpcConnection.open(app.urls.ws)).close();
    setConn('unpaired', 'Not paired yet');
    startPairing();
  } catch {
    onState({ state: 'offline' });
  }
}

main();
