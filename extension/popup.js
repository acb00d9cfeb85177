// The popup's controller: chooses the screen (daemon offline, pairing, inventory), keeps one
// DaemonLink open, redraws from the Inventory mirror on every change, and runs the player's actions
// through the operations panel. Drawing lives in ui/, the protocol in lib/.
import { DaemonLink, RpcConnection, describeError } from './lib/rpc.js';
import { Inventory } from './lib/inventory.js';
import { classLabel } from './lib/dom.js';
import { loadSettings, saveToken, daemonUrls, CLIENT } from './settings.js';
import { parseDimLoadout } from './dim-link.js';
import { renderCharacters, renderEquipped, renderBuckets } from './ui/inventory-view.js';
import { renderItemDetail, placeName } from './ui/item-dialog.js';
import { renderLoadouts } from './ui/loadouts-view.js';
import { OperationsPanel } from './ui/operations.js';
import { setupPairing } from './ui/pairing.js';
import { showTrayPlace } from './ui/tray-place.js';

const $ = (id) => document.getElementById(id);
const ui = {
  conn: $('conn'), account: $('account'), banner: $('banner'), bannerText: $('banner-text'), bannerAction: $('banner-action'),
  characters: $('characters'), equipped: $('equipped'), loadouts: $('loadouts'), items: $('items'),
  itemsHeading: $('items-heading'), itemsCount: $('items-count'), search: $('search'), searchError: $('search-error'),
  dialog: $('item-dialog'), detail: $('item-detail'),
};

const app = {
  urls: null,
  link: null,
  inventory: new Inventory(),
  selected: null,
  query: '',
  results: null, // items of the last search, or null for the vault view
  loadouts: [],
  openItemId: null,
  everOnline: false,
  renderQueued: false,
};
const ops = new OperationsPanel($('ops'), (id) => app.inventory.items.get(id)?.name ?? 'item', (loc) => placeName(loc, app.inventory.characters));

function showScreen(name) {
  for (const s of ['offline', 'pair', 'main']) $(`screen-${s}`).hidden = s !== name;
}

function setConn(state, text) {
  ui.conn.dataset.state = state;
  ui.conn.textContent = text;
}

// ---- banner: errors a person should read, and the session's state ----

let bannerTimer = null;
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
  ui.banner.hidden = true;
}

function showError(error) {
  const d = describeError(error);
  if (d.kind === 'signed_out') {
    showSignedOut(d.text);
  } else if (d.kind === 'throttled') {
    const until = Date.now() + d.retryAfterMs;
    showBanner('throttled', d.text);
    bannerTimer = setInterval(() => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(bannerTimer);
        ui.bannerText.textContent = 'Bungie.net is ready again: you can retry.';
      } else {
        ui.bannerText.textContent = `${error.message} (retry in ${left} s)`;
      }
    }, 1000);
  } else {
    showBanner(d.kind, d.text);
  }
}

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

function onSession({ state }) {
  if (state === 'signed_in') {
    if (['signed_out', 'maintenance', 'offline'].includes(ui.banner.dataset.kind)) hideBanner();
  } else if (state === 'signed_out' || state === 'expired') {
    showSignedOut();
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
  const selected = inv.characters.get(app.selected);
  $('equipped-heading').textContent = selected ? `${classLabel(selected.class)} — equipped` : 'Equipped';
  renderEquipped(ui.equipped, inv.equippedOn(app.selected), base, openItem);
  renderLoadouts(ui.loadouts, app.loadouts.filter((l) => l.characterId === app.selected), { equip: equipLoadout, remove: deleteLoadout });
  $('screen-main').classList.toggle('searching', Boolean(app.results));
  if (app.results) {
    ui.itemsHeading.firstChild.textContent = 'Search results ';
    ui.itemsCount.textContent = `${app.results.length}`;
    const fresh = app.results.map((r) => inv.items.get(r.id) ?? r);
    const groups = new Map();
    for (const item of fresh) {
      if (!groups.has(item.bucket)) groups.set(item.bucket, []);
      groups.get(item.bucket).push(item);
    }
    renderBuckets(ui.items, groups, base, openItem);
  } else {
    ui.itemsHeading.firstChild.textContent = 'Vault ';
    ui.itemsCount.textContent = `${inv.vault.used} / ${inv.vault.capacity}`;
    renderBuckets(ui.items, inv.byBucket((i) => i.location?.kind === 'vault'), base, openItem);
  }
}

function flash(ids) {
  for (const id of ids) {
    for (const el of document.querySelectorAll(`[data-item-id="${CSS.escape(id)}"]`)) {
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
  const seq = ++searchSeq;
  try {
    const { items } = await app.link.call('items.search', { query, limit: 300 });
    if (seq !== searchSeq) return;
    app.results = items;
    render();
  } catch (e) {
    if (seq !== searchSeq) return;
    ui.search.setAttribute('aria-invalid', 'true');
    ui.searchError.textContent = e.message;
  }
}

// ---- item details and actions ----

async function openItem(id) {
  app.openItemId = id;
  try {
    const item = await app.link.call('items.get', { id });
    if (app.openItemId !== id) return;
    renderItemDetail(ui.detail, item, app.inventory.characters, app.urls.http, {
      transfer: (to) => operate(`Move ${item.name} to ${to === 'vault' ? 'the vault' : classLabel(app.inventory.characters.get(to)?.class)}`, 'items.transfer', { id, to }),
      equip: (characterId) => operate(`Equip ${item.name} on ${classLabel(app.inventory.characters.get(characterId)?.class)}`, 'items.equip', { id, characterId }),
      lock: (locked) => operate(`${locked ? 'Lock' : 'Unlock'} ${item.name}`, 'items.lock', { id, locked }),
      close: closeItem,
    });
    if (!ui.dialog.open) ui.dialog.showModal();
  } catch (e) {
    showError(e);
  }
}

function closeItem() {
  app.openItemId = null;
  if (ui.dialog.open) ui.dialog.close();
}

async function operate(title, method, params) {
  closeItem();
  try {
    return await ops.track(title, app.link.call(method, params));
  } catch (e) {
    showError(e);
    return null;
  }
}

// ---- loadouts ----

async function refreshLoadouts() {
  try {
    const { loadouts } = await app.link.call('loadouts.list', {});
    app.loadouts = loadouts;
    scheduleRender();
  } catch (e) {
    showError(e);
  }
}

function equipLoadout(loadout) {
  return operate(`Equip loadout ${loadout.name}`, 'loadouts.equip', { loadoutId: loadout.id, characterId: app.selected });
}

async function deleteLoadout(loadout) {
  try {
    await app.link.call('loadouts.delete', { loadoutId: loadout.id });
    await refreshLoadouts();
  } catch (e) {
    showError(e);
  }
}

$('save-loadout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('loadout-name');
  try {
    await app.link.call('loadouts.save', { name: input.value.trim(), characterId: app.selected });
    input.value = '';
    await refreshLoadouts();
  } catch (e) {
    showError(e);
  }
});

$('import-loadout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('dim-link');
  try {
    const { loadout } = await app.link.call('loadouts.import', { dim: parseDimLoadout(input.value) });
    input.value = '';
    app.selected = loadout.characterId;
    await refreshLoadouts();
  } catch (e) {
    showError(e);
  }
});

// ---- connecting ----

function onState({ state, error }) {
  if (state === 'online') {
    app.everOnline = true;
    setConn('online', 'Connected');
    if (ui.banner.dataset.kind === 'disconnected') hideBanner();
    showScreen('main');
    render();
    performance.mark('vr-first-paint');
    refreshLoadouts();
    if (app.query) runSearch();
  } else if (state === 'connecting') {
    setConn('connecting', 'Connecting…');
  } else if (state === 'offline') {
    setConn('offline', 'Daemon offline');
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
    setConn('offline', 'Not paired');
    saveToken(null);
    startPairing('The daemon no longer knows this browser (its pairing was revoked). Pair it again.');
  }
}

function startLink(token) {
  app.link?.stop();
  app.link = new DaemonLink({ url: app.urls.ws, token, client: CLIENT, inventory: app.inventory });
  app.link.addEventListener('state', (e) => onState(e.detail));
  app.link.addEventListener('session', (e) => onSession(e.detail));
  app.link.addEventListener('event', (e) => {
    if (e.detail.method === 'operation.progress') ops.progress(e.detail.params);
  });
  app.link.start();
}

app.inventory.addEventListener('change', (e) => {
  scheduleRender();
  if (!e.detail.reset) requestAnimationFrame(() => flash(e.detail.changes.map((c) => c.id ?? c.item?.id).filter(Boolean)));
  if (app.query && !e.detail.reset) runSearch();
  // An open item dialog follows its item (moved, locked, equipped elsewhere).
  const id = app.openItemId;
  if (id && ui.dialog.open && (e.detail.reset || e.detail.changes.some((c) => c.id === id || c.unequipped === id))) openItem(id);
});

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
  $('retry').addEventListener('click', () => (app.link ? app.link.connectOnce() : probe()));
  ui.dialog.addEventListener('close', () => { app.openItemId = null; });
  let debounce = null;
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
    setConn('online', 'Not paired');
    startPairing();
  } catch {
    onState({ state: 'offline' });
  }
}

main();
