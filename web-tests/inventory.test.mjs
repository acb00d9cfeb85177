// @ts-check
// The Inventory mirror (overlay/lib/inventory.js) without a browser: changes applied by rev,
// stale ones skipped, a gap caught up with profile.changes, a reset answered with a snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Inventory } from '../overlay/lib/inventory.js';
/** @import { Character, Class, Item, Snapshot } from '../protocol/ts/protocol.js' */

const W = '2305843009260000001';
const T = '2305843009260000002';
/**
 * An item of the protocol's shape: a legendary hand cannon in the vault, unless `fields` say otherwise.
 * @param {string} id
 * @param {Partial<Item>} [fields]
 * @returns {Item}
 */
const item = (id, fields = {}) => ({
  id, hash: 1, name: `Item ${id}`, bucket: 'kinetic', class: 'any', tier: 'Legendary', type: 'Hand Cannon', power: 1800, icon: '',
  location: { kind: 'vault' }, equipped: false, quantity: 1, locked: false, transferable: true, equippable: true, lockable: true, ...fields,
});
/**
 * A character of the protocol's shape.
 * @param {string} characterId
 * @param {Class} cls
 * @param {number} power
 * @param {string} lastPlayed
 * @returns {Character}
 */
const character = (characterId, cls, power, lastPlayed) => ({ characterId, class: cls, race: 'Human', power, emblem: '', emblemColor: '#2a3550', lastPlayed, activity: null });
/**
 * A `profile.snapshot` result at `rev` holding `items` and two characters.
 * @param {number} rev
 * @param {Item[]} items
 * @returns {Snapshot}
 */
const snapshot = (rev, items) => ({
  rev,
  account: { displayName: 'Guardian#1234', membershipType: 3, membershipId: '4611686018400000001' },
  characters: [
    character(W, 'warlock', 1810, '2026-11-24T20:01:00Z'),
    character(T, 'titan', 1805, '2026-11-25T10:00:00Z'),
  ],
  items,
  vault: { used: items.filter((i) => i.location.kind === 'vault').length, capacity: 600 },
  postmaster: {},
});

/** A fake daemon: answers calls from a script and records them. */
function fakeCall(answers) {
  const calls = [];
  const call = async (method, params) => {
    calls.push([method, params]);
    const next = answers[method]?.shift();
    if (!next) throw new Error(`unexpected ${method}`);
    return next;
  };
  return { call, calls };
}

test('changes apply in rev order; already-seen revisions are skipped', () => {
  const inv = new Inventory();
  inv.load(snapshot(10, [item('a'), item('b', { location: { kind: 'character', characterId: W }, equipped: true })]));
  const seen = [];
  inv.on('change', (e) => seen.push(e.detail));
  const outcome = inv.apply([
    { rev: 12, kind: 'updated', id: 'a', fields: { locked: true } },
    { rev: 11, kind: 'moved', id: 'a', from: { kind: 'vault' }, to: { kind: 'character', characterId: W } },
    { rev: 10, kind: 'removed', id: 'b' },
  ]);
  assert.equal(outcome, 'applied');
  assert.equal(inv.rev, 12);
  assert.deepEqual(inv.items.get('a')?.location, { kind: 'character', characterId: W });
  assert.equal(inv.items.get('a')?.locked, true);
  assert.ok(inv.items.has('b'), 'rev 10 was already in the snapshot');
  assert.equal(inv.vault.used, 0);
  assert.deepEqual(seen.map((d) => d.changes.map((c) => c.rev)), [[11, 12]]);
});

test('a missing revision is a gap: nothing past it is applied', () => {
  const inv = new Inventory();
  inv.load(snapshot(10, [item('a')]));
  const outcome = inv.apply([{ rev: 12, kind: 'updated', id: 'a', fields: { locked: true } }]);
  assert.equal(outcome, 'gap');
  assert.equal(inv.rev, 10);
  assert.equal(inv.items.get('a')?.locked, false, 'not applied');
});

test('equipping marks the item and unequips the one it replaced; moving to the vault unequips', () => {
  const inv = new Inventory();
  inv.load(snapshot(1, [item('old', { location: { kind: 'character', characterId: W }, equipped: true }), item('new')]));
  inv.apply([
    { rev: 2, kind: 'moved', id: 'new', from: { kind: 'vault' }, to: { kind: 'character', characterId: W } },
    { rev: 3, kind: 'equipped', id: 'new', characterId: W, unequipped: 'old' },
    { rev: 4, kind: 'moved', id: 'old', from: { kind: 'character', characterId: W }, to: { kind: 'vault' } },
  ]);
  assert.deepEqual(inv.equippedOn(W).map((i) => i.id), ['new']);
  assert.equal(inv.items.get('old')?.equipped, false);
  assert.deepEqual(inv.items.get('old')?.location, { kind: 'vault' });
  assert.equal(inv.vault.used, 1);
});

test('an event after a gap asks profile.changes {since} and applies what it missed', async () => {
  const inv = new Inventory();
  inv.load(snapshot(20, [item('a'), item('b')]));
  const { call, calls } = fakeCall({
    'profile.changes': [{ rev: 22, changes: [
      { rev: 21, kind: 'updated', id: 'a', fields: { locked: true } },
      { rev: 22, kind: 'updated', id: 'b', fields: { locked: true } },
    ] }],
  });
  await inv.receive({ rev: 22, changes: [{ rev: 22, kind: 'updated', id: 'b', fields: { locked: true } }] }, call);
  assert.deepEqual(calls, [['profile.changes', { since: 20 }]]);
  assert.equal(inv.rev, 22);
  assert.equal(inv.items.get('a')?.locked, true);
  assert.equal(inv.items.get('b')?.locked, true);
});

test('a reset answer to profile.changes takes a snapshot', async () => {
  const inv = new Inventory();
  inv.load(snapshot(5, [item('a')]));
  const { call, calls } = fakeCall({
    'profile.changes': [{ rev: 5000, reset: true }],
    'profile.snapshot': [snapshot(5000, [item('z')])],
  });
  await inv.sync(call, 5000);
  assert.deepEqual(calls.map(([m]) => m), ['profile.changes', 'profile.snapshot']);
  assert.equal(inv.rev, 5000);
  assert.deepEqual([...inv.items.keys()], ['z']);
});

test('the first sync takes a snapshot, and an event that arrives meanwhile waits for it', async () => {
  const inv = new Inventory();
  let release = () => {};
  const gate = new Promise((resolve) => { release = () => resolve(null); });
  const call = async (method) => {
    assert.equal(method, 'profile.snapshot');
    await gate;
    return snapshot(7, [item('a')]);
  };
  const syncing = inv.sync(call, 7);
  const event = inv.receive({ rev: 8, changes: [{ rev: 8, kind: 'updated', id: 'a', fields: { locked: true } }] }, call);
  release();
  await Promise.all([syncing, event]);
  assert.equal(inv.rev, 8);
  assert.equal(inv.items.get('a')?.locked, true);
});

test('characters sort by lastPlayed, most recent first', () => {
  const inv = new Inventory();
  inv.load(snapshot(1, []));
  assert.deepEqual(inv.charactersByRecent().map((c) => c.class), ['titan', 'warlock']);
  inv.apply([{ rev: 2, kind: 'character', character: character(W, 'warlock', 1811, '2026-11-26T00:00:00Z') }]);
  assert.deepEqual(inv.charactersByRecent().map((c) => c.class), ['warlock', 'titan']);
});
