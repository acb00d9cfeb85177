// @ts-check
// The second-screen overlay: the most recently played character, its gear, the account's
// currencies, its activity with a running timer, the last completed activity's report with the
// fireteam, the objectives the player is working on (live from `progress.changed`), quick loadouts
// and a toast per change. Opened as /overlay?token=…; the token moves to sessionStorage and leaves
// the address bar. Options:
// ?transparent=1 (OBS browser source), ?compact=1, ?objectives=1 (only the objectives).
import { DaemonLink, describeError, iconUrl, stepErrorText } from './lib/rpc.js';
import { Inventory, WEAPON_BUCKETS, ARMOR_BUCKETS } from './lib/inventory.js';
import { h, icon, byId, classLabel, tierClass, formatDuration, bucketLabel } from './lib/dom.js';
import { ProgressMirror, objectiveRow, stepText, expiresText, standingText, count } from './lib/progress.js';
import { describeChange } from './change-words.js';
/** @import { ActivityCompleted, Change, FireteamMember, Item, Loadout, ProgressItem } from '../protocol/ts/protocol.js' */

const $ = byId;
const TOKEN_KEY = 'vault-raider-overlay-token';
const LAST_KEY = 'vault-raider-overlay-last';

const params = new URLSearchParams(location.search);
const urlToken = params.get('token');
const token = urlToken ?? sessionStorage.getItem(TOKEN_KEY);
if (urlToken !== null) {
  sessionStorage.setItem(TOKEN_KEY, urlToken);
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
}
document.documentElement.classList.toggle('transparent', params.get('transparent') === '1');
let compact = params.get('compact') === '1' || localStorage.getItem('vault-raider-overlay-compact') === '1';
// Only the objectives, for an OBS source of their own (any other option still applies).
document.documentElement.classList.toggle('objectives-only', params.get('objectives') === '1');

const base = location.origin;
const inventory = new Inventory();
/**
 * What the page shows: the character it follows, its loadouts and progress (with the character
 * they were read for), and the pursuits the objectives card lists when none is tracked.
 * @type {{characterId: string | null, loadouts: Loadout[], loadoutsFor: string | null, progressFor: string | null, shown: string[]}}
 */
const state = { characterId: null, loadouts: [], loadoutsFor: null, progressFor: null, shown: [] };
const progress = new ProgressMirror();
/** How many pursuits the card shows when none is tracked. */
const UNTRACKED_SHOWN = 5;

/**
 * Shows one toast in the strip under the hero (never over the gear). A new toast replaces the one
 * shown: the strip holds one line at a time.
 * @param {string} text
 * @param {'info' | 'ok' | 'error'} [kind]
 */
function toast(text, kind = 'info') {
  const el = h('div', { class: `toast ${kind}`, role: 'status' }, text);
  $('toasts').replaceChildren(el);
  setTimeout(() => el.classList.add('leaving'), 4500);
  setTimeout(() => el.remove(), 5000);
}

// Changes arrive one revision at a time; those that come together (a loadout, a pull) make one
// toast. While this overlay runs a loadout itself, its result is the one toast.
const COALESCE_MS = 900;
/** @type {Change[]} */
const pendingChanges = [];
/** @type {ReturnType<typeof setTimeout> | undefined} */
let coalesceTimer;
let ownOperations = 0;

function changesToast() {
  coalesceTimer = undefined;
  const lines = pendingChanges.splice(0).map((c) => describeChange(c, inventory)).filter((line) => line !== null);
  if (ownOperations > 0 || !lines.length) return;
  toast(lines.length === 1 ? lines[0] : `${lines.length} changes: ${lines[0]}, …`);
}

/** @param {Change[]} changes */
function queueChanges(changes) {
  pendingChanges.push(...changes);
  clearTimeout(coalesceTimer);
  coalesceTimer = setTimeout(changesToast, COALESCE_MS);
}

/**
 * A message for the player under the hero; in objectives-only mode, in the objectives card too.
 * @param {string} text
 */
function say(text) {
  $('hero-sub').textContent = text;
  if (!progress.loaded) $('objectives').replaceChildren(h('li', { class: 'sub empty' }, text));
}

/** @param {boolean} on */
function setCompact(on) {
  compact = on;
  document.documentElement.classList.toggle('compact', on);
  $('compact-toggle').setAttribute('aria-pressed', String(on));
  localStorage.setItem('vault-raider-overlay-compact', on ? '1' : '0');
}

/**
 * A gear card: the slot first (so five armour cards never read alike), then the full name.
 * @param {Item} item
 */
function gearItem(item) {
  const slot = WEAPON_BUCKETS.includes(item.bucket) ? item.type : bucketLabel(item.bucket);
  return h('li', { class: `gear-item ${tierClass(item.tier)}`, dataset: { itemId: item.id, bucket: item.bucket }, title: `${item.name} · ${item.type}` },
    icon(iconUrl(base, item.icon), item.name),
    h('span', { class: 'gear-text' }, h('span', { class: 'type' }, slot), h('span', { class: 'name' }, item.name)),
    h('span', { class: 'power' }, item.power || ''));
}

function render() {
  const current = inventory.charactersByRecent()[0];
  if (!current) return;
  state.characterId = current.characterId;
  $('hero').dataset.characterId = current.characterId;
  document.documentElement.style.setProperty('--emblem', /^#[0-9a-f]{6}$/i.test(current.emblemColor ?? '') ? current.emblemColor : '#2a3550');
  $('hero-emblem').replaceChildren(icon(iconUrl(base, current.emblem), classLabel(current.class), 'emblem'));
  $('hero-class').textContent = classLabel(current.class);
  $('hero-sub').textContent = [current.race, inventory.account?.displayName].filter(Boolean).join(' · ');
  $('hero-power').textContent = `✦ ${current.power}`;
  renderCurrencies();
  const gear = inventory.equippedOn(current.characterId);
  $('weapons').replaceChildren(...gear.filter((i) => WEAPON_BUCKETS.includes(i.bucket)).map(gearItem));
  $('armor').replaceChildren(...gear.filter((i) => ARMOR_BUCKETS.includes(i.bucket)).map(gearItem));
  const activity = current.activity;
  $('now').classList.toggle('live', Boolean(activity));
  $('now-name').textContent = activity ? activity.name : 'In orbit';
  $('now-mode').textContent = activity ? activity.mode : 'Not in an activity';
  tick();
  if (state.loadoutsFor !== current.characterId) loadLoadouts(current.characterId);
  if (state.progressFor !== current.characterId) loadProgress(current.characterId);
}

/** The account's currencies from the snapshot ("91,422 Glimmer · 9,599 Bright Dust"); hidden when none. */
function renderCurrencies() {
  const list = inventory.currencies.filter((c) => Number.isFinite(c?.quantity) && c.name);
  const line = $('hero-currencies');
  line.hidden = !list.length;
  line.replaceChildren(...list.flatMap((c, i) => [
    ...(i ? [' · '] : []),
    h('span', { class: 'currency', dataset: { hash: String(c.hash ?? '') } }, h('strong', {}, count(c.quantity)), ` ${c.name}`),
  ]));
}

// ---- objectives: the tracked pursuits, else a handful of unfinished bounties and quest steps ----

/** @param {string} characterId */
async function loadProgress(characterId) {
  state.progressFor = characterId;
  state.shown = [];
  try {
    const list = await link.call('progress.list', { characterId, kinds: ['quests', 'bounties'] });
    if (state.progressFor !== characterId) return;
    progress.load(list, characterId);
  } catch {
    // An older daemon, or a lost connection: the card stays as it was (no retry on every change);
    // a reconnect reads it again.
    return;
  }
  renderObjectives();
}

/**
 * What the card lists: `{title, pursuits}`.
 * @returns {{title: string, pursuits: ProgressItem[]}}
 */
function pursuitsToShow() {
  const mine = progress.items(state.characterId).filter((i) => i.kind !== 'milestone' && i.objectives?.length);
  const tracked = mine.filter((i) => i.tracked);
  if (tracked.length) return { title: 'Tracked objectives', pursuits: tracked };
  // None tracked: a handful of unfinished ones. Those already shown stay (a bounty finished during
  // the activity stays, ticked, instead of vanishing), the rest fill up.
  const kept = state.shown.flatMap((id) => mine.filter((i) => i.id === id));
  const more = mine.filter((i) => !i.complete && !kept.includes(i));
  const pursuits = [...kept, ...more].slice(0, UNTRACKED_SHOWN);
  state.shown = pursuits.map((i) => i.id);
  return { title: 'Bounties and quests', pursuits };
}

/**
 * @param {ProgressItem} item
 * @param {boolean} moved whether its objectives just moved
 */
function pursuitRow(item, moved) {
  const detail = item.kind === 'quest' || item.kind === 'other' ? stepText(item.step, item.name) : expiresText(item.expiresAt);
  return h('li', { class: `pursuit${item.complete ? ' complete' : ''}${moved ? ' moved' : ''}`, dataset: { pursuitId: item.id, kind: item.kind } },
    h('div', { class: 'pursuit-head' },
      icon(iconUrl(base, item.icon), item.name, 'pursuit-icon'),
      h('span', { class: 'pursuit-name' }, item.name),
      detail ? h('span', { class: 'pursuit-detail' }, detail) : null),
    h('ul', { class: 'pursuit-objectives' }, item.objectives.map((o) => objectiveRow(o))));
}

/** @param {string[]} [movedIds] the pursuits whose objectives just moved */
function renderObjectives(movedIds = []) {
  if (!progress.loaded) return;
  const { title, pursuits } = pursuitsToShow();
  $('objectives-card').classList.remove('none');
  $('objectives-heading').textContent = title;
  $('objectives').replaceChildren(...(pursuits.length
    ? pursuits.map((p) => pursuitRow(p, movedIds.includes(p.id)))
    : [h('li', { class: 'sub empty' }, 'No bounties or quests in progress')]));
}

/**
 * "Bounty complete: Strike Specialist", "Quest step complete: The Lie (1 of 3)".
 * @param {ProgressItem} item
 */
function completedWords(item) {
  if (item.kind === 'bounty') return `Bounty complete: ${item.name}`;
  if (item.kind === 'milestone') return `Milestone complete: ${item.name}`;
  const place = item.step?.steps ? ` (${item.step.step} of ${item.step.steps})` : '';
  return `Quest step complete: ${item.name}${place}`;
}

function tick() {
  const activity = state.characterId ? inventory.characters.get(state.characterId)?.activity : null;
  const started = Date.parse(activity?.startedAt ?? '');
  $('now-timer').textContent = Number.isFinite(started) ? formatDuration((Date.now() - started) / 1000) : '';
}
setInterval(tick, 1000);
// A bounty's "expires in …" counts down.
setInterval(() => renderObjectives(), 60_000);

/**
 * Shows a figure in its cell, or hides the cell when the report has none.
 * @param {string} id
 * @param {number | undefined} value
 * @param {(n: number) => string} [format]
 */
function figure(id, value, format = count) {
  const has = typeof value === 'number' && Number.isFinite(value);
  $(`${id}-cell`).hidden = !has;
  $(id).textContent = typeof value === 'number' && has ? format(value) : '–';
}

/** "14.6K" for a large score: the cell stays one short line. */
const short = (/** @type {number} */ n) => (n >= 10_000 ? new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n) : count(n));

/** @param {FireteamMember} m */
function fireteamRow(m) {
  return h('li', { class: `member${m.isSelf ? ' self' : ''}` },
    h('span', { class: 'member-name' }, m.name || 'Guardian'),
    h('span', { class: 'member-class' }, m.class || ''),
    h('span', { class: 'member-kd', title: 'Kills / deaths' }, `${count(m.kills ?? 0)} / ${count(m.deaths ?? 0)}`),
    h('span', { class: 'member-power', title: 'Power' }, Number.isFinite(m.power) && m.power > 0 ? `✦ ${m.power}` : ''));
}

/** @param {ActivityCompleted | null} done the last activity's report */
function showLast(done) {
  if (!done) return;
  $('last').classList.remove('none');
  $('last-name').textContent = `${done.activity ?? 'Activity'}${done.mode ? ` · ${done.mode}` : ''}`;
  $('last-kills').textContent = String(done.kills ?? '–');
  $('last-deaths').textContent = String(done.deaths ?? '–');
  $('last-assists').textContent = String(done.assists ?? '–');
  figure('last-precision', done.precisionKills);
  figure('last-score', done.score, short);
  const standing = standingText(done.standing);
  $('last-standing').hidden = !standing;
  $('last-standing').textContent = standing;
  $('last-standing').dataset.standing = done.standing ?? '';
  // Time played (less than the activity's length for a player who joined late).
  const seconds = Number.isFinite(done.timePlayedSeconds) && done.timePlayedSeconds > 0 ? done.timePlayedSeconds : done.durationSeconds;
  $('last-duration').textContent = Number.isFinite(seconds) ? formatDuration(seconds) : '–';
  const fireteam = Array.isArray(done.fireteam) ? done.fireteam : [];
  $('last-fireteam').hidden = fireteam.length === 0;
  $('last-fireteam').replaceChildren(...fireteam.map(fireteamRow));
  $('last').classList.toggle('failed', done.completed === false);
}

function renderLoadouts() {
  // The daemon's automatic "Before …" snapshots are undo points, not quick loadouts.
  const mine = state.loadouts.filter((l) => l.characterId === state.characterId
    && !(l.source !== 'game' && l.name.startsWith('Before ')));
  $('loadouts').replaceChildren(...(mine.length
    ? mine.map((l) => (l.source === 'game'
      ? h('button', { type: 'button', class: 'loadout game', title: l.index === undefined ? 'In-game loadout' : `In-game slot ${l.index + 1}`, dataset: { loadoutId: l.id }, onclick: () => equip(l) },
        l.color ? icon(iconUrl(base, l.color), '', 'loadout-swatch') : null,
        l.icon ? icon(iconUrl(base, l.icon), '', 'loadout-icon') : null, l.name)
      : h('button', { type: 'button', class: 'loadout', dataset: { loadoutId: l.id }, onclick: () => equip(l) }, l.name)))
    : [h('span', { class: 'sub' }, 'No loadouts for this character')]));
}

/** @param {string} characterId */
async function loadLoadouts(characterId) {
  state.loadoutsFor = characterId;
  try {
    state.loadouts = (await link.call('loadouts.list', { characterId })).loadouts;
  } catch {
    state.loadouts = [];
  }
  renderLoadouts();
}

/** @param {Loadout} loadout */
async function equip(loadout) {
  ownOperations += 1;
  toast(`Equipping ${loadout.name}…`);
  try {
    const result = await link.call('loadouts.equip', { loadoutId: loadout.id, characterId: state.characterId ?? loadout.characterId });
    const failed = result.steps.filter((s) => !s.ok);
    if (failed.length) toast(`${loadout.name}: ${failed.length} item${failed.length === 1 ? '' : 's'} failed — ${stepErrorText(failed[0].error)}`, 'error');
    else toast(`${loadout.name} equipped`, 'ok');
  } catch (e) {
    toast(describeError(e).text, 'error');
  } finally {
    // The changes the loadout made may still be arriving: they belong to this one toast.
    setTimeout(() => { ownOperations -= 1; }, COALESCE_MS * 2);
  }
}

const link = new DaemonLink({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  token: token ?? '',
  client: { name: 'Vault Raider overlay', kind: 'overlay', version: '0.1.0' },
  inventory,
  subscribe: ['inventory', 'activity', 'session', 'loadouts', 'progress'],
});

link.on('state', ({ detail }) => {
  const conn = $('conn');
  conn.dataset.state = detail.state;
  conn.textContent = { online: 'Live', connecting: 'Connecting…', offline: 'Reconnecting…', unauthorized: 'Token refused', unsupported: 'Incompatible daemon' }[detail.state] ?? detail.state;
  if (detail.state === 'unsupported') {
    say(`${detail.error?.message ?? 'The daemon speaks another protocol version'}: update the daemon or this page.`);
  } else if (detail.state === 'unauthorized') {
    say('The daemon refused this overlay\'s token: open the overlay link the daemon prints again.');
  } else if (detail.state === 'online') {
    render();
    state.loadoutsFor = null;
    if (state.characterId) loadLoadouts(state.characterId);
    // Progress moved while the page was away: read it again.
    if (state.characterId) loadProgress(state.characterId);
  }
});

link.on('event', ({ detail: event }) => {
  if (event.method === 'activity.started') {
    toast(`Started ${event.params.activity}`, 'info');
  } else if (event.method === 'activity.completed') {
    const p = event.params;
    sessionStorage.setItem(LAST_KEY, JSON.stringify(p));
    showLast(p);
    toast(`${p.completed === false ? 'Left' : 'Completed'} ${p.activity}: ${p.kills} kills`, 'ok');
  } else if (event.method === 'progress.changed') {
    const p = event.params;
    const moved = progress.apply(p);
    if (p.characterId === state.characterId) {
      renderObjectives(moved);
      const done = (p.changed ?? []).filter((i) => (p.completed ?? []).includes(i.id) && i.kind !== 'milestone');
      if (done.length) toast(done.length === 1 ? completedWords(done[0]) : `${done.length} pursuits complete: ${done.map((i) => i.name).join(', ')}`, 'ok');
    }
  } else if (event.method === 'loadouts.changed') {
    const p = event.params;
    state.loadouts = [...state.loadouts.filter((l) => l.characterId !== p.characterId), ...p.loadouts];
    renderLoadouts();
  } else if (event.method === 'session.changed' && event.params.state !== 'signed_in') {
    const p = event.params;
    /** @type {Record<string, string>} */
    const words = { signed_out: 'Signed out of Bungie.net', maintenance: 'Bungie.net maintenance', offline: 'Bungie.net unreachable' };
    toast(p.message || (words[p.state] ?? p.state), 'error');
  }
});

inventory.on('change', ({ detail }) => {
  render();
  if (detail.reset) return;
  queueChanges(detail.changes);
});

$('compact-toggle').addEventListener('click', () => setCompact(!compact));
document.addEventListener('keydown', (e) => {
  if (e.key === 'c' && !e.ctrlKey && !e.metaKey && !e.altKey && e.target === document.body) setCompact(!compact);
});
setCompact(compact);
try {
  showLast(JSON.parse(sessionStorage.getItem(LAST_KEY) ?? 'null'));
} catch {
  sessionStorage.removeItem(LAST_KEY);
}
if (token) link.start();
else say('Open the overlay through the link the daemon prints (it carries a token).');
