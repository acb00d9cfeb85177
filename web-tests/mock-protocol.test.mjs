// The mock daemon keeps the promises of PROTOCOL.md that the faces rely on (so passing against it
// means something), and the shared DaemonLink catches up over a real socket after missing events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startMockDaemon } from './mock-daemon.mjs';
import { DaemonLink } from '../overlay/lib/rpc.js';
import { Inventory } from '../overlay/lib/inventory.js';

let mock;
before(async () => { mock = await startMockDaemon({ stepDelayMs: 1 }); });
after(() => mock.close());

function open(headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${mock.port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { status: res.statusCode })));
    ws.once('error', reject);
  });
}
function next(ws) {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
}
function rpc(ws, method, params, id = 1) {
  return new Promise((resolve) => {
    const onMessage = (d) => {
      const msg = JSON.parse(String(d));
      if (msg.id !== id) return;
      ws.off('message', onMessage);
      resolve(msg);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  });
}

test('the upgrade is refused for a foreign Origin or a rebinding Host', async () => {
  await assert.rejects(open({ origin: 'https://evil.example' }), { status: 403 });
  await assert.rejects(open({ host: 'evil.example:80' }), { status: 403 });
  (await open({ origin: 'chrome-extension://kihckelfkjonpclbnijcicclgdclolim' })).close();
});

test('before identifying only pairing and identify are allowed; bad tokens are unauthorized', async () => {
  const ws = await open();
  const denied = await rpc(ws, 'profile.snapshot', {});
  assert.equal(denied.error.code, 1001);
  assert.equal(denied.error.data.reason, 'unauthorized');
  const bad = await rpc(ws, 'session.identify', { protocol: 1, token: 'nope' }, 2);
  assert.equal(bad.error.data.reason, 'unauthorized');
  const old = await rpc(ws, 'session.identify', { protocol: 9, token: mock.adminToken }, 3);
  assert.equal(old.error.data.reason, 'unsupported_protocol');
  ws.close();
});

test('a malformed frame is answered and the connection stays usable', async () => {
  const ws = await open();
  ws.send('{not json');
  assert.equal((await next(ws)).error.code, -32700);
  const ok = await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  assert.equal(typeof ok.result.rev, 'number');
  ws.close();
});

test('a search that does not parse is invalid params with the column', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const answer = await rpc(ws, 'items.search', { query: 'power:>=high' }, 2);
  assert.equal(answer.error.code, -32602);
  assert.equal(answer.error.data.field, 'query');
  assert.match(answer.error.message, /column 7/);
  const found = await rpc(ws, 'items.search', { query: 'is:exotic -is:weapon or name:"mida"' }, 3);
  assert.deepEqual(found.result.items.map((i) => i.name).sort(), ["Heart of Inmost Light", 'MIDA Multi-Tool', "Nezarec's Sin", 'St0mp-EE5']);
  ws.close();
});

test('a transfer reports progress per step and its changes with consecutive revs', async () => {
  const ws = await open();
  const hello = await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const events = [];
  ws.on('message', (d) => { const m = JSON.parse(String(d)); if (!('id' in m)) events.push(m); });
  const rose = mock.itemByName('Hothead');
  const answer = await rpc(ws, 'items.transfer', { id: rose.id, to: '2305843009260000003' }, 2);
  assert.equal(answer.result.ok, true);
  assert.equal(answer.result.bungieCalls, 1);
  const progress = events.filter((e) => e.method === 'operation.progress');
  assert.deepEqual(progress.map((e) => [e.params.step, e.params.of, e.params.ok]), [[1, 1, true]]);
  const changed = events.filter((e) => e.method === 'inventory.changed').flatMap((e) => e.params.changes);
  assert.deepEqual(changed.map((c) => c.rev), [hello.result.rev + 1]);
  const since = await rpc(ws, 'profile.changes', { since: hello.result.rev }, 3);
  assert.deepEqual(since.result.changes, changed);
  ws.close();
});

test('DaemonLink stops, and does not retry, when its token is refused', async () => {
  const link = new DaemonLink({ url: `ws://127.0.0.1:${mock.port}/ws`, token: 'revoked', client: { name: 't', kind: 'other', version: '0' }, WebSocketImpl: WebSocket, backoffMs: [1] });
  const states = [];
  link.addEventListener('state', (e) => states.push(e.detail.state));
  await link.start();
  const conn = link.connection;
  await new Promise((resolve) => conn.onClose(resolve));
  assert.deepEqual(states, ['connecting', 'unauthorized']);
  assert.equal(link.stopped, true);
  assert.equal(link.timer, null, 'no reconnect was scheduled');
});

test('DaemonLink catches up with profile.changes after missing events', async () => {
  const inventory = new Inventory();
  const link = new DaemonLink({ url: `ws://127.0.0.1:${mock.port}/ws`, token: mock.adminToken, client: { name: 't', kind: 'other', version: '0' }, inventory, WebSocketImpl: WebSocket, reconnect: false });
  await link.start();
  assert.equal(link.state, 'online');
  // Stop hearing inventory events, let the world move, then hear one event past the gap.
  await link.call('events.subscribe', { topics: ['session'] });
  const bygones = mock.itemByName('Bygones');
  await fetch(`${mock.url}/mock/move`, { method: 'POST', body: JSON.stringify({ id: bygones.id, to: '2305843009260000002' }) });
  await link.call('events.subscribe', { topics: ['inventory'] });
  const caughtUp = new Promise((resolve) => inventory.addEventListener('change', () => inventory.rev === mock.rev && resolve()));
  const edge = mock.itemByName('Edge Transit');
  await fetch(`${mock.url}/mock/move`, { method: 'POST', body: JSON.stringify({ id: edge.id, to: '2305843009260000002' }) });
  await caughtUp;
  assert.deepEqual(inventory.items.get(bygones.id).location, { kind: 'character', characterId: '2305843009260000002' });
  assert.deepEqual(inventory.items.get(edge.id).location, { kind: 'character', characterId: '2305843009260000002' });
  link.stop();
});

const WARLOCK = '2305843009260000001';

test('progress.list gives quests with their step, bounties with expiry, milestones with reset and reward; filters and errors', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const all = (await rpc(ws, 'progress.list', {}, 2)).result;
  assert.ok(all.quests.length && all.bounties.length && all.milestones.length);
  for (const item of [...all.quests, ...all.bounties, ...all.milestones]) {
    for (const key of ['id', 'characterId', 'kind', 'hash', 'name', 'icon', 'objectives', 'complete', 'tracked']) assert.ok(key in item, `${key} in ${JSON.stringify(item)}`);
    for (const o of item.objectives) assert.deepEqual(Object.keys(o).sort(), ['complete', 'completionValue', 'description', 'hash', 'progress']);
    assert.equal(item.complete, item.objectives.every((o) => o.complete));
  }
  const step = all.quests.find((q) => q.step);
  assert.ok(step.step.step >= 1 && step.step.step <= step.step.steps && step.step.steps >= 2 && step.step.line);
  for (const b of all.bounties) assert.ok(Number.isFinite(Date.parse(b.expiresAt)), 'a bounty expires');
  for (const m of all.milestones) {
    assert.match(m.id, /^milestone:\d+$/);
    assert.equal(typeof m.rewardEarned, 'boolean');
    assert.ok(Date.parse(m.expiresAt) > Date.now(), 'the weekly reset is ahead');
  }
  const mine = (await rpc(ws, 'progress.list', { characterId: WARLOCK, kinds: ['bounties'] }, 3)).result;
  assert.deepEqual([mine.quests, mine.milestones], [[], []]);
  assert.ok(mine.bounties.length && mine.bounties.every((b) => b.characterId === WARLOCK && b.kind === 'bounty'));
  assert.equal((await rpc(ws, 'progress.list', { kinds: ['trophies'] }, 4)).error.code, -32602);
  assert.equal((await rpc(ws, 'progress.list', { characterId: '12' }, 5)).error.data.reason, 'character_not_found');
  // A pursuit is an item: items.get carries its objectives, search finds it.
  const bounty = mine.bounties[0];
  assert.deepEqual((await rpc(ws, 'items.get', { id: bounty.id }, 6)).result.objectives, bounty.objectives);
  const weapon = mock.itemByName('MIDA Multi-Tool');
  assert.deepEqual((await rpc(ws, 'items.get', { id: weapon.id }, 7)).result.objectives, []);
  const found = (await rpc(ws, 'items.search', { query: 'is:bounty' }, 8)).result.items.map((i) => i.id).sort();
  assert.deepEqual(found, all.bounties.map((b) => b.id).sort());
  ws.close();
});

test('progress.track tracks once (one Bungie call), refuses an item without objectives and an unknown item', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const { bounties } = (await rpc(ws, 'progress.list', { kinds: ['bounties'] }, 2)).result;
  const bounty = bounties.find((b) => !b.tracked);
  const first = (await rpc(ws, 'progress.track', { id: bounty.id, tracked: true }, 3)).result;
  assert.equal(first.item.tracked, true);
  assert.equal(first.bungieCalls, 1);
  assert.equal((await rpc(ws, 'progress.track', { id: bounty.id, tracked: true }, 4)).result.bungieCalls, 0);
  const listed = (await rpc(ws, 'progress.list', { kinds: ['bounties'] }, 5)).result.bounties.find((b) => b.id === bounty.id);
  assert.equal(listed.tracked, true);
  assert.equal((await rpc(ws, 'progress.track', { id: mock.itemByName('MIDA Multi-Tool').id, tracked: true }, 6)).error.code, -32602);
  assert.equal((await rpc(ws, 'progress.track', { id: '123', tracked: true }, 7)).error.data.reason, 'item_not_found');
  assert.equal((await rpc(ws, 'progress.track', { id: bounty.id }, 8)).error.code, -32602);
  await rpc(ws, 'progress.track', { id: bounty.id, tracked: false }, 9);
  ws.close();
});

test('an activity moves objectives: `updated` with the objectives, progress.changed on the progress topic, then activity.completed with the report', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken, subscribe: ['inventory', 'activity', 'progress'] });
  const quiet = await open();
  await rpc(quiet, 'session.identify', { protocol: 1, token: mock.adminToken, subscribe: ['inventory', 'activity'] });
  const before = (await rpc(ws, 'progress.list', { characterId: WARLOCK }, 2)).result;
  const events = [];
  const quietEvents = [];
  ws.on('message', (d) => { const m = JSON.parse(String(d)); if (!('id' in m)) events.push(m); });
  quiet.on('message', (d) => { const m = JSON.parse(String(d)); if (!('id' in m)) quietEvents.push(m); });
  const post = (body) => fetch(`${mock.url}/mock/activity`, { method: 'POST', body: JSON.stringify(body) });
  await post({ characterId: WARLOCK, phase: 'start' });
  await post({ characterId: WARLOCK, phase: 'end' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const changed = events.find((e) => e.method === 'progress.changed');
  assert.ok(changed, 'progress.changed');
  assert.equal(changed.params.characterId, WARLOCK);
  assert.deepEqual(changed.params.removed, []);
  const sum = (item) => item.objectives.reduce((n, o) => n + o.progress, 0);
  const old = [...before.quests, ...before.bounties, ...before.milestones];
  for (const item of changed.params.changed) {
    assert.ok(sum(item) > sum(old.find((o) => o.id === item.id)), `${item.name} moved forward`);
  }
  for (const id of changed.params.completed) assert.equal(changed.params.changed.find((i) => i.id === id).complete, true);
  assert.ok(changed.params.completed.length >= 1, 'the activity finished a bounty');
  const updates = events.filter((e) => e.method === 'inventory.changed').flatMap((e) => e.params.changes).filter((c) => c.kind === 'updated');
  for (const item of changed.params.changed.filter((i) => i.kind !== 'milestone')) {
    assert.deepEqual(updates.find((c) => c.id === item.id)?.fields, { objectives: item.objectives });
  }
  assert.equal(quietEvents.some((e) => e.method === 'progress.changed'), false, 'not subscribed to progress');
  const done = events.find((e) => e.method === 'activity.completed').params;
  for (const key of ['characterId', 'activity', 'mode', 'completed', 'kills', 'deaths', 'assists', 'durationSeconds', 'endedAt', 'pgcrId', 'timePlayedSeconds', 'fireteam']) assert.ok(key in done, key);
  assert.ok(Number.isInteger(done.precisionKills) && Number.isInteger(done.score));
  assert.equal('standing' in done, false, 'no standing in PvE');
  assert.equal(done.fireteam[0].isSelf, true);
  assert.equal(done.fireteam[0].kills, done.kills);
  assert.ok(done.fireteam.length >= 2 && done.fireteam.slice(1).every((f) => !f.isSelf && f.name.includes('#')));
  // The history has it first, with the same report.
  const history = (await rpc(ws, 'activities.history', { characterId: WARLOCK, count: 3 }, 3)).result.activities;
  assert.deepEqual(history[0], done);
  assert.equal(history.length, 3);
  ws.close();
  quiet.close();
});

test('activities.history filters by mode and bounds count; stats.account lists most time played first', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const pvp = (await rpc(ws, 'activities.history', { mode: 5 }, 2)).result.activities;
  assert.ok(pvp.length >= 1 && pvp.every((a) => ['victory', 'defeat'].includes(a.standing)));
  assert.equal((await rpc(ws, 'activities.history', { count: 500 }, 3)).error.code, -32602);
  assert.equal((await rpc(ws, 'activities.history', { characterId: '12' }, 4)).error.data.reason, 'character_not_found');
  const { modes } = (await rpc(ws, 'stats.account', {}, 5)).result;
  assert.ok(modes.length >= 2);
  for (let i = 1; i < modes.length; i += 1) assert.ok(modes[i - 1].secondsPlayed >= modes[i].secondsPlayed);
  for (const m of modes) assert.deepEqual(Object.keys(m).sort(), ['activitiesCleared', 'assists', 'deaths', 'group', 'kd', 'kills', 'secondsPlayed']);
  ws.close();
});

test('the overlay token may list progress but not read the history, track, or read vendors, collections and the clan', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.overlayToken });
  assert.ok((await rpc(ws, 'progress.list', { characterId: WARLOCK }, 2)).result.quests.length);
  for (const [i, [method, params]] of [['activities.history', {}], ['progress.track', { id: '1', tracked: true }], ['stats.account', {}], ['loadouts.save', { name: 'x' }],
    ['vendors.list', { characterId: WARLOCK }], ['collections.search', { query: '' }], ['clan.get', {}]].entries()) {
    const answer = await rpc(ws, method, params, 3 + i);
    assert.equal(answer.error?.code, 1006, method);
    assert.equal(answer.error.data.reason, 'forbidden');
  }
  ws.close();
});

test('the snapshot carries the account\'s currencies; vendors.list costs offers in them, with owned and affordable', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const { currencies } = (await rpc(ws, 'profile.snapshot', {}, 2)).result;
  assert.ok(currencies.length >= 2);
  for (const c of currencies) assert.deepEqual(Object.keys(c).sort(), ['hash', 'icon', 'name', 'quantity']);
  const held = new Map(currencies.map((c) => [c.hash, c.quantity]));
  const answer = (await rpc(ws, 'vendors.list', { characterId: WARLOCK }, 3)).result;
  assert.deepEqual(Object.keys(answer).sort(), ['currencies', 'readAt', 'vendors']);
  assert.deepEqual(answer.currencies, currencies);
  assert.match(answer.readAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(answer.vendors.length >= 2);
  const names = answer.vendors.map((v) => v.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), 'by name');
  const offers = answer.vendors.flatMap((v) => v.items.map((o) => ({ vendor: v, ...o })));
  for (const v of answer.vendors) {
    assert.ok(v.items.length >= 1, `${v.name} sells something`);
    assert.equal(typeof v.location, 'string');
    if (v.refreshesAt) assert.ok(Date.parse(v.refreshesAt) > Date.now());
  }
  for (const o of offers) {
    assert.equal(o.item.id, `vendor:${o.vendor.hash}:${o.vendorItemIndex}`);
    assert.deepEqual(o.item.location, { kind: 'character', characterId: WARLOCK });
    assert.ok(o.cost.length >= 1);
    assert.ok(Array.isArray(o.perks) && Array.isArray(o.stats));
    assert.equal(o.affordable, o.cost.every((c) => (held.get(c.hash) ?? 0) >= c.quantity), o.item.name);
    assert.ok(!('owned' in o) || typeof o.owned === 'boolean');
  }
  assert.ok(offers.some((o) => o.owned === true) && offers.some((o) => o.owned === false) && offers.some((o) => !('owned' in o)));
  assert.ok(offers.some((o) => !o.affordable));
  // Kept until a refresh: the same readAt without one.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal((await rpc(ws, 'vendors.list', { characterId: WARLOCK }, 4)).result.readAt, answer.readAt);
  assert.ok(Date.parse((await rpc(ws, 'vendors.list', { characterId: WARLOCK, refresh: true }, 5)).result.readAt) > Date.parse(answer.readAt));
  assert.equal((await rpc(ws, 'vendors.list', {}, 6)).error.code, -32602);
  assert.equal((await rpc(ws, 'vendors.list', { characterId: '12' }, 7)).error.data.reason, 'character_not_found');
  ws.close();
});

test('collections.search: words of the name, is:owned and -is:owned, by name with the total; another filter is -32602', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const all = (await rpc(ws, 'collections.search', { query: '' }, 2)).result;
  assert.equal(all.total, all.collectibles.length);
  const names = all.collectibles.map((c) => c.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  for (const c of all.collectibles) {
    assert.deepEqual(Object.keys(c).sort(), ['hash', 'icon', 'itemHash', 'name', 'source', 'state']);
    assert.ok(['acquired', 'not_acquired', 'obscured'].includes(c.state), c.state);
  }
  assert.deepEqual(new Set(all.collectibles.map((c) => c.state)), new Set(['acquired', 'not_acquired', 'obscured']));
  const owned = (await rpc(ws, 'collections.search', { query: 'is:owned' }, 3)).result.collectibles;
  const lacking = (await rpc(ws, 'collections.search', { query: '-is:owned' }, 4)).result.collectibles;
  assert.ok(owned.length && owned.every((c) => c.state === 'acquired'));
  assert.ok(lacking.length && lacking.every((c) => c.state !== 'acquired'));
  assert.equal(owned.length + lacking.length, all.total);
  const horn = (await rpc(ws, 'collections.search', { query: 'HORN is:owned' }, 5)).result;
  assert.deepEqual(horn.collectibles.map((c) => c.name), ['Gjallarhorn']);
  const cut = (await rpc(ws, 'collections.search', { query: '', limit: 2 }, 6)).result;
  assert.equal(cut.collectibles.length, 2);
  assert.equal(cut.total, all.total);
  const bad = await rpc(ws, 'collections.search', { query: 'is:exotic' }, 7);
  assert.equal(bad.error.code, -32602);
  assert.match(bad.error.message, /is:owned.*not is:exotic/);
  assert.equal((await rpc(ws, 'collections.search', { query: '', limit: 0 }, 8)).error.code, -32602);
  assert.equal((await rpc(ws, 'collections.search', {}, 9)).error.code, -32602);
  ws.close();
});

test('clan.get: the clan with its roster, online members first, then by last online', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const { clan, readAt } = (await rpc(ws, 'clan.get', {}, 2)).result;
  assert.ok(Date.parse(readAt));
  for (const key of ['id', 'name', 'motto', 'memberCount', 'members']) assert.ok(key in clan, key);
  assert.equal(clan.memberCount, clan.members.length);
  const online = clan.members.filter((m) => m.online);
  assert.equal(online.length, 1);
  assert.equal(clan.members[0].online, true);
  for (let i = 2; i < clan.members.length; i += 1) assert.ok(Date.parse(clan.members[i - 1].lastOnline) >= Date.parse(clan.members[i].lastOnline));
  for (const m of clan.members) {
    assert.ok(['beginner', 'member', 'admin', 'acting_founder', 'founder'].includes(m.rank));
    assert.equal(typeof m.membershipId, 'string');
  }
  ws.close();
});
