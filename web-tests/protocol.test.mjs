// @ts-check
// The daemon keeps the promises of PROTOCOL.md that the faces rely on, checked through the faces'
// own client (overlay/lib/rpc.js) against the real `vault-raider demo`: the guards before and after
// identifying, errors, operations and revisions, the shared DaemonLink catching up after missed
// events, progress, activities and their history, the overlay token's allow-list, vendors,
// collections and the clan. The simulator answers profiles at once here (no lag, no cache): these checks are about
// the protocol, not Bungie's timing (popup and overlay tests run with both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { DaemonLink, PROTOCOL_VERSION, RpcConnection } from '../overlay/lib/rpc.js';
import { Inventory } from '../overlay/lib/inventory.js';
import { connect, NodeWebSocket, TEST_CLIENT } from './connect.mjs';
import { KIND, startDaemon } from './daemon.mjs';
/**
 * @import { Event as ProtocolEvent, Item, ProgressItem } from '../protocol/ts/protocol.js'
 * @import { Daemon } from './daemon.mjs'
 */

const SKIP = KIND !== 'demo' && 'these tests drive the demo and its simulator';
/** @type {Daemon} */
let daemon;

before(async () => {
  if (SKIP) return;
  daemon = await startDaemon({ args: ['--profile-lag', '0', '--profile-cache', '0'] });
});
after(() => daemon?.close());

/**
 * A value handed to the daemon as it is, past the types: what a faulty client might send.
 * @param {unknown} value
 * @returns {any}
 */
const unchecked = (value) => value;

/**
 * A raw WebSocket to the daemon with these request headers; rejects with the HTTP status when refused.
 * @param {Record<string, string>} [headers]
 * @returns {Promise<WebSocket>}
 */
function rawSocket(headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(daemon.wsUrl, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { status: res.statusCode })));
    ws.once('error', reject);
  });
}

/**
 * Collects every notification a connection receives.
 * @param {RpcConnection} conn
 */
function heard(conn) {
  /** @type {ProtocolEvent[]} */
  const events = [];
  conn.onNotification((event) => events.push(event));
  return events;
}

/**
 * Waits until `check()` answers something truthy (every 50 ms, `seconds` at most).
 * @template T
 * @param {() => T} check
 * @param {string} what
 * @param {number} [seconds]
 * @returns {Promise<NonNullable<T>>}
 */
async function until(check, what, seconds = 20) {
  for (let i = 0; i < seconds * 20; i += 1) {
    const value = check();
    if (value) return /** @type {NonNullable<T>} */ (value);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`waited ${seconds} s for ${what}`);
}

/** The account's characters, most recently played first. */
async function characters() {
  const { characters: all } = await daemon.admin('profile.snapshot', {});
  return [...all].sort((a, b) => b.lastPlayed.localeCompare(a.lastPlayed));
}

/**
 * Vault weapons that are neither exotic nor equipped, one per slot.
 * @returns {Promise<Item[]>}
 */
async function vaultWeapons() {
  const { items } = await daemon.admin('items.search', { query: 'is:weapon is:invault -is:exotic', limit: 200 });
  return [...new Map(items.map((i) => [i.bucket, i])).values()];
}

test('the upgrade is refused for a foreign Origin or a rebinding Host', { skip: SKIP }, async () => {
  await assert.rejects(rawSocket({ origin: 'https://evil.example' }), { status: 403 });
  await assert.rejects(rawSocket({ host: 'evil.example:80' }), { status: 403 });
  (await rawSocket({ origin: 'chrome-extension://kihckelfkjonpclbnijcicclgdclolim' })).close();
});

test('before identifying only pairing and identify are allowed; bad tokens and versions are refused', { skip: SKIP }, async () => {
  const conn = await RpcConnection.open(daemon.wsUrl, { WebSocketImpl: NodeWebSocket });
  await assert.rejects(conn.call('profile.snapshot', {}), { code: 1001, reason: 'unauthorized' });
  await assert.rejects(conn.call('session.identify', { protocol: PROTOCOL_VERSION, token: 'nope', client: TEST_CLIENT }), { reason: 'unauthorized' });
  await assert.rejects(conn.call('session.identify', { protocol: 9, token: daemon.adminToken(), client: TEST_CLIENT }), { reason: 'unsupported_protocol' });
  conn.close();
});

test('a malformed frame is answered and the connection stays usable', { skip: SKIP }, async () => {
  const ws = await rawSocket();
  const answer = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
  ws.send('{not json');
  assert.equal((/** @type {any} */ (await answer)).error.code, -32700);
  const next = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'session.identify', params: { protocol: 1, token: daemon.adminToken(), client: TEST_CLIENT } }));
  assert.equal(typeof (/** @type {any} */ (await next)).result.rev, 'number');
  ws.close();
});

test('a search that does not parse is invalid params on `query`, said for a player; one that does matches', { skip: SKIP }, async () => {
  await assert.rejects(daemon.admin('items.search', { query: 'power:>=high' }), { code: -32602, data: { field: 'query' }, message: /power:>=high needs a number/ });
  const { items } = await daemon.admin('items.search', { query: 'is:exotic -is:weapon' });
  assert.ok(items.length >= 1);
  for (const item of items) {
    assert.equal(item.tier, 'Exotic', item.name);
    assert.ok(!['kinetic', 'energy', 'power'].includes(item.bucket), `${item.name} is not a weapon`);
  }
});

test('a transfer reports progress per step and its changes with consecutive revs', { skip: SKIP }, async () => {
  const conn = await daemon.connectAdmin(['inventory', 'operations']);
  const events = heard(conn);
  const [weapon] = await vaultWeapons();
  const [, second] = await characters();
  const { rev: before } = await conn.call('profile.snapshot', {});
  const result = await conn.call('items.transfer', { id: weapon.id, to: second.characterId });
  assert.equal(result.ok, true);
  assert.equal(result.bungieCalls, 1);
  await until(() => events.some((e) => e.method === 'inventory.changed'), 'the change');
  const progress = events.flatMap((e) => (e.method === 'operation.progress' ? [e.params] : []));
  assert.deepEqual(progress.map((p) => [p.step, p.of, p.ok, p.operationId]), [[1, 1, true, result.operationId]]);
  const changed = events.flatMap((e) => (e.method === 'inventory.changed' ? e.params.changes : []));
  assert.deepEqual(changed.map((c) => c.rev), changed.map((_, i) => before + 1 + i), 'consecutive revs');
  assert.ok(changed.some((c) => c.kind === 'moved' && c.id === weapon.id));
  const since = await conn.call('profile.changes', { since: before });
  assert.deepEqual(since.changes, changed);
  conn.close();
});

test('DaemonLink stops, and does not retry, when its token is refused', { skip: SKIP }, async () => {
  const link = new DaemonLink({ url: daemon.wsUrl, token: 'revoked', client: TEST_CLIENT, WebSocketImpl: NodeWebSocket, backoffMs: [1] });
  /** @type {string[]} */
  const states = [];
  link.on('state', (e) => states.push(e.detail.state));
  await link.start();
  await until(() => link.connection === null || link.connection.ws.readyState === 3, 'the socket to close');
  assert.deepEqual(states, ['connecting', 'unauthorized']);
  assert.equal(link.stopped, true);
  assert.equal(link.timer, null, 'no reconnect was scheduled');
});

test('DaemonLink catches up with profile.changes after missing events (moves made in the game)', { skip: SKIP }, async () => {
  const inventory = new Inventory();
  const link = new DaemonLink({ url: daemon.wsUrl, token: daemon.adminToken(), client: TEST_CLIENT, inventory, WebSocketImpl: NodeWebSocket, reconnect: false });
  await link.start();
  assert.equal(link.state, 'online');
  const [first, second] = await vaultWeapons();
  const [, , third] = await characters();
  // Stop hearing inventory events, let the game move an item, then hear one event past the gap.
  await link.call('events.subscribe', { topics: ['session'] });
  await daemon.sim('/sim/game/move', { itemId: first.id, to: third.characterId });
  await daemon.admin('profile.sync', {});
  await link.call('events.subscribe', { topics: ['inventory'] });
  await daemon.sim('/sim/game/move', { itemId: second.id, to: third.characterId });
  await daemon.admin('profile.sync', {});
  const there = { kind: 'character', characterId: third.characterId };
  await until(() => inventory.items.get(second.id)?.location.kind === 'character', 'the event past the gap');
  assert.deepEqual(inventory.items.get(second.id)?.location, there);
  assert.deepEqual(inventory.items.get(first.id)?.location, there, 'the missed move was caught up');
  assert.equal(inventory.rev, (await daemon.admin('profile.snapshot', {})).rev);
  link.stop();
});

test('progress.list gives quests with their step, bounties with expiry, milestones with reset and reward; filters and errors', { skip: SKIP }, async () => {
  const all = await daemon.admin('progress.list', {});
  assert.ok(all.quests.length && all.bounties.length && all.milestones.length);
  for (const item of [...all.quests, ...all.bounties, ...all.milestones]) {
    for (const key of ['id', 'characterId', 'kind', 'hash', 'name', 'icon', 'objectives', 'complete', 'tracked']) assert.ok(key in item, `${key} in ${JSON.stringify(item)}`);
    for (const o of item.objectives) assert.deepEqual(Object.keys(o).sort(), ['complete', 'completionValue', 'description', 'hash', 'progress']);
    assert.equal(item.complete, item.objectives.every((o) => o.complete), item.name);
  }
  const quest = all.quests.find((q) => q.step);
  assert.ok(quest?.step && quest.step.step >= 1 && quest.step.step <= quest.step.steps && quest.step.steps >= 2 && quest.step.line);
  for (const b of all.bounties) assert.ok(Number.isFinite(Date.parse(b.expiresAt ?? '')), 'a bounty expires');
  for (const m of all.milestones) {
    assert.match(m.id, /^milestone:\d+$/);
    assert.equal(typeof m.rewardEarned, 'boolean');
    assert.ok(Date.parse(m.expiresAt ?? '') > Date.now(), 'the weekly reset is ahead');
  }
  const [character] = await characters();
  const mine = await daemon.admin('progress.list', { characterId: character.characterId, kinds: ['bounties'] });
  assert.deepEqual([mine.quests, mine.milestones], [[], []]);
  assert.ok(mine.bounties.length && mine.bounties.every((b) => b.characterId === character.characterId && b.kind === 'bounty'));
  await assert.rejects(daemon.admin('progress.list', { kinds: unchecked(['trophies']) }), { code: -32602 });
  await assert.rejects(daemon.admin('progress.list', { characterId: '12' }), { reason: 'character_not_found' });
  // A pursuit is an item: items.get carries its objectives, search finds it.
  const bounty = mine.bounties[0];
  assert.deepEqual((await daemon.admin('items.get', { id: bounty.id })).objectives, bounty.objectives);
  const [weapon] = await vaultWeapons();
  assert.deepEqual((await daemon.admin('items.get', { id: weapon.id })).objectives, []);
  const found = (await daemon.admin('items.search', { query: 'is:bounty' })).items.map((i) => i.id).sort();
  assert.deepEqual(found, all.bounties.map((b) => b.id).sort());
});

test('progress.track tracks once (one Bungie call), refuses an item without objectives and an unknown item', { skip: SKIP }, async () => {
  const { bounties } = await daemon.admin('progress.list', { kinds: ['bounties'] });
  const bounty = bounties.find((b) => !b.tracked);
  assert.ok(bounty);
  const first = await daemon.admin('progress.track', { id: bounty.id, tracked: true });
  assert.equal(first.item.tracked, true);
  assert.equal(first.bungieCalls, 1);
  assert.equal((await daemon.admin('progress.track', { id: bounty.id, tracked: true })).bungieCalls, 0);
  const listed = (await daemon.admin('progress.list', { kinds: ['bounties'] })).bounties.find((b) => b.id === bounty.id);
  assert.equal(listed?.tracked, true);
  const [weapon] = await vaultWeapons();
  await assert.rejects(daemon.admin('progress.track', { id: weapon.id, tracked: true }), { code: -32602 });
  await assert.rejects(daemon.admin('progress.track', { id: '123', tracked: true }), { reason: 'item_not_found' });
  await assert.rejects(daemon.admin('progress.track', unchecked({ id: bounty.id })), { code: -32602 });
  await daemon.admin('progress.track', { id: bounty.id, tracked: false });
});

test('an activity moves objectives: `updated` with the objectives, and progress.changed on the progress topic only', { skip: SKIP }, async () => {
  // (Its `activity.completed` and the history are checked against what the overlay shows, in
  // overlay.test.mjs: the report comes from Bungie's stats host 20 s or more after the end.)
  const [character] = await characters();
  const loud = await daemon.connectAdmin(['inventory', 'activity', 'progress']);
  const quiet = await daemon.connectAdmin(['inventory', 'activity']);
  const events = heard(loud);
  const quietEvents = heard(quiet);
  const before = await loud.call('progress.list', { characterId: character.characterId });
  await daemon.activity(character.characterId, 'start');
  for (const seen of [events, quietEvents]) await until(() => seen.some((e) => e.method === 'activity.started' && e.params.characterId === character.characterId), 'activity.started');
  await daemon.activity(character.characterId, 'end');
  const changed = await until(() => events.find((e) => e.method === 'progress.changed' && e.params.characterId === character.characterId), 'progress.changed');
  assert.equal(changed.method, 'progress.changed');
  const moved = changed.params;
  assert.deepEqual(moved.removed, []);
  /** @param {ProgressItem} item */
  const sum = (item) => item.objectives.reduce((n, o) => n + o.progress, 0);
  const old = [...before.quests, ...before.bounties, ...before.milestones];
  assert.ok(moved.changed.length >= 1);
  for (const item of moved.changed) {
    const was = old.find((o) => o.id === item.id);
    if (was) assert.ok(sum(item) > sum(was), `${item.name} moved forward`);
  }
  for (const id of moved.completed) assert.equal(moved.changed.find((i) => i.id === id)?.complete, true);
  /** @param {ProtocolEvent[]} seen */
  const updates = (seen) => seen.flatMap((e) => (e.method === 'inventory.changed' ? e.params.changes : [])).flatMap((c) => (c.kind === 'updated' ? [c] : []));
  const pursuits = moved.changed.filter((i) => i.kind !== 'milestone');
  for (const item of pursuits) assert.deepEqual(updates(events).find((c) => c.id === item.id)?.fields, { objectives: item.objectives }, item.name);
  // The other connection hears the same changes, and, not subscribed to `progress`, no progress.changed.
  await until(() => pursuits.every((item) => updates(quietEvents).some((c) => c.id === item.id)), 'the changes on the other connection');
  await quiet.call('session.status', {});
  assert.equal(quietEvents.some((e) => e.method === 'progress.changed'), false, 'not subscribed to progress');
  loud.close();
  quiet.close();
});

test('activities.history filters by mode and bounds count; stats.account lists most time played first', { skip: SKIP }, async () => {
  const { activities: pvp } = await daemon.admin('activities.history', { mode: 5 });
  assert.ok(pvp.length >= 1);
  for (const a of pvp) if (a.standing !== undefined) assert.ok(['victory', 'defeat'].includes(a.standing), a.standing);
  await assert.rejects(daemon.admin('activities.history', { count: 500 }), { code: -32602 });
  await assert.rejects(daemon.admin('activities.history', { characterId: '12' }), { reason: 'character_not_found' });
  const { modes } = await daemon.admin('stats.account', {});
  assert.ok(modes.length >= 2);
  for (let i = 1; i < modes.length; i += 1) assert.ok(modes[i - 1].secondsPlayed >= modes[i].secondsPlayed);
  for (const m of modes) assert.deepEqual(Object.keys(m).sort(), ['activitiesCleared', 'assists', 'deaths', 'group', 'kd', 'kills', 'secondsPlayed']);
});

test('the overlay token may list progress but not read the history, track, or read vendors, collections and the clan', { skip: SKIP }, async () => {
  const token = new URL(daemon.overlayUrl()).searchParams.get('token') ?? '';
  const conn = await connect(daemon.wsUrl, token);
  const [character] = await characters();
  assert.ok((await conn.call('progress.list', { characterId: character.characterId })).quests.length);
  const refused = [
    () => conn.call('activities.history', {}),
    () => conn.call('progress.track', { id: '1', tracked: true }),
    () => conn.call('stats.account', {}),
    () => conn.call('loadouts.save', { name: 'x', characterId: character.characterId }),
    () => conn.call('vendors.list', { characterId: character.characterId }),
    () => conn.call('collections.search', { query: '' }),
    () => conn.call('clan.get', {}),
  ];
  for (const call of refused) await assert.rejects(call, { code: 1006, reason: 'forbidden' });
  conn.close();
});

test('the snapshot carries the account\'s currencies; vendors.list costs offers, owned and affordable, kept until a refresh', { skip: SKIP }, async () => {
  const { currencies } = await daemon.admin('profile.snapshot', {});
  assert.ok((currencies ?? []).length >= 2);
  for (const c of currencies ?? []) assert.deepEqual(Object.keys(c).sort(), ['hash', 'icon', 'name', 'quantity']);
  const [character] = await characters();
  const characterId = character.characterId;
  const answer = await daemon.admin('vendors.list', { characterId });
  assert.deepEqual(Object.keys(answer).sort(), ['currencies', 'readAt', 'vendors']);
  assert.match(answer.readAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(answer.vendors.length >= 2);
  const names = answer.vendors.map((v) => v.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), 'by name');
  // What the account holds of each currency (materials, such as Enhancement Cores, are items and
  // count too, so only offers paid in currencies alone are checked against this).
  const held = new Map(answer.currencies.map((c) => [c.hash, c.quantity]));
  const offers = answer.vendors.flatMap((vendor) => vendor.items.map((offer) => ({ vendor, ...offer })));
  for (const v of answer.vendors) {
    assert.ok(v.items.length >= 1, `${v.name} sells something`);
    assert.equal(typeof v.location, 'string');
    if (v.refreshesAt) assert.ok(Date.parse(v.refreshesAt) > Date.now());
  }
  for (const o of offers) {
    assert.equal(o.item.id, `vendor:${o.vendor.hash}:${o.vendorItemIndex}`);
    assert.deepEqual(o.item.location, { kind: 'character', characterId });
    assert.ok(o.cost.length >= 1);
    assert.ok(Array.isArray(o.perks) && Array.isArray(o.stats));
    if (o.cost.every((c) => held.has(c.hash))) assert.equal(o.affordable, o.cost.every((c) => (held.get(c.hash) ?? 0) >= c.quantity), o.item.name);
    assert.ok(!('owned' in o) || typeof o.owned === 'boolean');
  }
  assert.ok(offers.some((o) => o.owned === true) && offers.some((o) => o.owned === false) && offers.some((o) => !('owned' in o)));
  // Kept until a refresh: the same readAt without one.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal((await daemon.admin('vendors.list', { characterId })).readAt, answer.readAt);
  // Bought in game, an exotic turns owned, and the coins left no longer buy the others.
  const xur = answer.vendors.find((v) => v.items.some((o) => o.owned === false && o.cost.some((c) => c.name === 'Strange Coin')));
  const bought = xur?.items.find((o) => o.owned === false);
  assert.ok(xur && bought, 'Xûr sells an exotic not owned');
  await daemon.sim('/sim/game/buy', { characterId, vendorHash: xur.hash, vendorItemIndex: bought.vendorItemIndex });
  const fresh = await daemon.admin('vendors.list', { characterId, refresh: true });
  assert.ok(Date.parse(fresh.readAt) > Date.parse(answer.readAt));
  const after = fresh.vendors.find((v) => v.hash === xur.hash)?.items ?? [];
  assert.equal(after.find((o) => o.vendorItemIndex === bought.vendorItemIndex)?.owned, true);
  assert.ok(after.some((o) => !o.affordable), 'an offer the account cannot afford now');
  await assert.rejects(daemon.admin('vendors.list', unchecked({})), { code: -32602 });
  await assert.rejects(daemon.admin('vendors.list', { characterId: '12' }), { reason: 'character_not_found' });
});

test('collections.search: words of the name, is:owned and -is:owned, by name with the total; another filter is -32602', { skip: SKIP }, async () => {
  const all = await daemon.admin('collections.search', { query: '', limit: 200 });
  assert.equal(all.total, all.collectibles.length);
  const names = all.collectibles.map((c) => c.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  for (const c of all.collectibles) {
    assert.deepEqual(Object.keys(c).sort(), ['hash', 'icon', 'itemHash', 'name', 'source', 'state']);
    assert.ok(['acquired', 'not_acquired', 'obscured'].includes(c.state), c.state);
  }
  const owned = (await daemon.admin('collections.search', { query: 'is:owned' })).collectibles;
  const lacking = (await daemon.admin('collections.search', { query: '-is:owned' })).collectibles;
  assert.ok(owned.length && owned.every((c) => c.state === 'acquired'));
  assert.ok(lacking.length && lacking.every((c) => c.state !== 'acquired'));
  assert.equal(owned.length + lacking.length, all.total);
  const word = owned[0].name.split(/\s+/)[0];
  const byWord = (await daemon.admin('collections.search', { query: `${word.toUpperCase()} is:owned` })).collectibles;
  assert.ok(byWord.some((c) => c.name === owned[0].name) && byWord.every((c) => c.state === 'acquired' && c.name.toLowerCase().includes(word.toLowerCase())));
  const cut = await daemon.admin('collections.search', { query: '', limit: 2 });
  assert.equal(cut.collectibles.length, 2);
  assert.equal(cut.total, all.total);
  await assert.rejects(daemon.admin('collections.search', { query: 'is:exotic' }), { code: -32602, message: /is:owned.*not is:exotic/ });
  await assert.rejects(daemon.admin('collections.search', { query: '', limit: 0 }), { code: -32602 });
  await assert.rejects(daemon.admin('collections.search', unchecked({})), { code: -32602 });
});

test('clan.get: the clan with its roster, online members first, then by last online', { skip: SKIP }, async () => {
  const { clan, readAt } = await daemon.admin('clan.get', {});
  assert.ok(Date.parse(readAt));
  assert.ok(clan, 'the sample account is in a clan');
  assert.equal(clan.memberCount, clan.members.length);
  const online = clan.members.filter((m) => m.online);
  assert.ok(online.length >= 1);
  assert.deepEqual(clan.members.slice(0, online.length), online, 'online first');
  const rest = clan.members.slice(online.length);
  for (let i = 1; i < rest.length; i += 1) assert.ok(Date.parse(rest[i - 1].lastOnline) >= Date.parse(rest[i].lastOnline));
  for (const m of clan.members) {
    assert.ok(['beginner', 'member', 'admin', 'acting_founder', 'founder'].includes(m.rank));
    assert.equal(typeof m.membershipId, 'string');
  }
});
