// @ts-check
// Pure helpers: reading a DIM loadout link, and the overlay's toast wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDimLoadout } from '../extension/dim-link.js';
import { describeChange } from '../overlay/change-words.js';
import { describeError, iconUrl, RpcError, stepErrorText } from '../overlay/lib/rpc.js';
import { manifestText } from '../extension/ui/manifest-status.js';
/** @import { Change, ManifestStatus, ProgressItem } from '../protocol/ts/protocol.js' */

/**
 * A fixture past the types: what a faulty or older daemon might send, to show the words hold up.
 * @param {unknown} value
 * @returns {any}
 */
const unchecked = (value) => value;

const DIM = { name: 'Raid', classType: 2, equipped: [{ id: '6917529035440500004', hash: 1 }], unequipped: [] };

test('a DIM "copy link" URL and plain loadout JSON both read as the loadout', () => {
  const link = `https://app.destinyitemmanager.com/loadouts?loadout=${encodeURIComponent(JSON.stringify(DIM))}`;
  assert.deepEqual(parseDimLoadout(link), DIM);
  assert.deepEqual(parseDimLoadout(`  ${JSON.stringify(DIM)}\n`), DIM);
});

test('links without a loadout, damaged JSON and non-loadouts are refused with a reason', () => {
  assert.throws(() => parseDimLoadout(''), /Paste/);
  assert.throws(() => parseDimLoadout('https://dim.gg/abc'), /carries no loadout/);
  assert.throws(() => parseDimLoadout('https://x.test/?loadout=%7Bbroken'), /damaged/);
  assert.throws(() => parseDimLoadout('{"name":"x"}'), /not a DIM loadout/);
  assert.throws(() => parseDimLoadout('not a link'), /neither/);
});

test('toasts name the item and where it went', () => {
  const inventory = {
    items: new Map([['1', { name: 'MIDA Multi-Tool' }]]),
    characters: new Map([['w', { class: /** @type {const} */ ('warlock') }]]),
  };
  assert.equal(describeChange({ rev: 1, kind: 'moved', id: '1', from: { kind: 'character', characterId: 'w' }, to: { kind: 'vault' } }, inventory), 'MIDA Multi-Tool → the vault');
  assert.equal(describeChange({ rev: 1, kind: 'moved', id: '1', from: { kind: 'vault' }, to: { kind: 'profile' } }, inventory), 'MIDA Multi-Tool → the account');
  assert.equal(describeChange({ rev: 1, kind: 'equipped', id: '1', characterId: 'w' }, inventory), 'Equipped MIDA Multi-Tool on the Warlock');
  assert.equal(describeChange({ rev: 1, kind: 'updated', id: '1', fields: { locked: false } }, inventory), 'Unlocked MIDA Multi-Tool');
  assert.equal(describeChange({ rev: 1, kind: 'updated', id: '1', fields: { name: 'Wish-Keeper', type: 'Combat Bow' } }, inventory), 'Now known: Wish-Keeper');
  assert.equal(describeChange(unchecked({ rev: 1, kind: 'character', character: {} }), inventory), null);
});

test('errors read as what happened and what to do', () => {
  const throttled = describeError(new RpcError(3001, 'Bungie.net asked us to slow down', { reason: 'bungie_throttled', retryAfterMs: 2500 }));
  assert.deepEqual(throttled, { kind: 'throttled', text: 'Bungie.net asked us to slow down (retry in 3 s)', retryAfterMs: 2500 });
  assert.equal(describeError(new RpcError(3003, 'Signed out', { reason: 'signed_out' })).kind, 'signed_out');
  assert.equal(describeError(new RpcError(2001, 'No item', { reason: 'item_not_found' })).text, 'No item');
});

test('icon paths map under the daemon\'s /icons route; anything else gives no URL', () => {
  assert.equal(iconUrl('http://127.0.0.1:7420', '/common/destiny2_content/icons/a.jpg'), 'http://127.0.0.1:7420/icons/common/destiny2_content/icons/a.jpg');
  assert.equal(iconUrl('http://127.0.0.1:7420', 'https://evil.example/x.jpg'), '');
  assert.equal(iconUrl('http://127.0.0.1:7420', null), '');
});

test('a failed step reads the same whether its error is an object or a string', () => {
  assert.equal(stepErrorText({ code: 2004, message: 'Cannot move' }), 'Cannot move');
  assert.equal(stepErrorText('Cannot move'), 'Cannot move');
  assert.equal(stepErrorText(undefined), 'failed');
});

test('the manifest line says what downloads and how far, and nothing once it is current', () => {
  /** @type {ManifestStatus} */
  const downloading = { version: 'v2', state: 'downloading', bytes: 12_345_678, totalBytes: 60_000_000 };
  assert.equal(manifestText(downloading), "Downloading the game's item definitions (new season or patch): 12.3 MB of 60.0 MB");
  assert.equal(manifestText({ ...downloading, totalBytes: null }), "Downloading the game's item definitions (new season or patch): 12.3 MB");
  assert.match(manifestText({ ...downloading, state: 'installing' }), /^Installing/);
  for (const quiet of [undefined, null, { ...downloading, state: /** @type {const} */ ('current') }, unchecked({ ...downloading, state: 'failed' })]) {
    assert.equal(manifestText(quiet), '');
  }
});

test('progress words: objectives, expiry, quest steps, standings', async () => {
  const { objectiveText, objectiveFraction, expiresText, resetsText, stepText, standingText, kdaText } = await import('../overlay/lib/progress.js');
  assert.equal(objectiveText({ description: 'Enemies defeated', progress: 1200, completionValue: 2000, complete: false }), 'Enemies defeated 1,200/2,000');
  assert.equal(objectiveText({ description: '', progress: 1, completionValue: 1, complete: true }), 'Complete 1/1');
  assert.equal(objectiveFraction({ progress: 3, completionValue: 12 }), 0.25);
  assert.equal(objectiveFraction({ progress: 0, completionValue: 0, complete: true }), 1);
  const now = Date.parse('2026-12-06T12:00:00Z');
  assert.equal(expiresText('2026-12-08T16:30:00Z', now), 'expires in 2d 4h');
  assert.equal(expiresText('2026-12-06T15:12:00Z', now), 'expires in 3h 12m');
  assert.equal(expiresText('2026-12-06T11:00:00Z', now), 'expired');
  assert.equal(expiresText(undefined, now), '');
  assert.equal(resetsText('2026-12-08T17:00:00Z', now), 'resets in 2d 5h');
  assert.equal(stepText({ line: 'The Lie', step: 2, steps: 3 }), 'The Lie · step 2 of 3');
  assert.equal(stepText({ line: 'The Lie', step: 2, steps: 3 }, 'The Lie'), 'step 2 of 3');
  assert.equal(stepText(undefined), '');
  assert.equal(standingText('victory'), 'Victory');
  assert.equal(standingText('2nd'), '2nd');
  assert.equal(standingText(undefined), '');
  assert.equal(kdaText({ kills: 64, deaths: 5, assists: 21 }), '64 / 5 / 21');
  assert.equal(kdaText({ kills: 64 }), '64 / – / –');
});

test('the progress mirror: a list, then progress.changed by character and id', async () => {
  const { ProgressMirror } = await import('../overlay/lib/progress.js');
  const mirror = new ProgressMirror();
  /**
   * A bounty (or a milestone, by its id) of the protocol's shape, its one objective at `progress` of 10.
   * @param {string} id
   * @param {string} characterId
   * @param {number} progress
   * @returns {ProgressItem}
   */
  const item = (id, characterId, progress) => ({
    id, characterId, kind: id.startsWith('milestone:') ? 'milestone' : 'bounty', hash: 1, name: `Pursuit ${id}`, icon: '', tracked: false,
    complete: progress >= 10, objectives: [{ hash: 1, description: 'x', progress, completionValue: 10, complete: progress >= 10 }],
  });
  mirror.load({ quests: [], bounties: [item('1', 'a', 0), item('2', 'b', 0)], milestones: [item('milestone:9', 'a', 0), item('milestone:9', 'b', 0)] });
  assert.equal(mirror.items('a').length, 2);
  assert.deepEqual(mirror.apply({ characterId: 'a', changed: [item('milestone:9', 'a', 4)], completed: [], removed: ['1'] }), ['milestone:9', '1']);
  assert.deepEqual(mirror.items('a').map((i) => [i.id, i.objectives[0].progress]), [['milestone:9', 4]]);
  assert.equal(mirror.items('b').find((i) => i.id === 'milestone:9')?.objectives[0].progress, 0, 'another character\'s milestone of the same id is its own');
  mirror.load({ quests: [], bounties: [item('3', 'a', 1)], milestones: [] }, 'a');
  assert.deepEqual(mirror.items().map((i) => i.id).sort(), ['2', '3', 'milestone:9']);
});

test('objectives moving make no inventory toast: progress.changed tells what finished', () => {
  assert.equal(describeChange({ rev: 1, kind: 'updated', id: '1', fields: { objectives: [] } }, { items: new Map(), characters: new Map() }), null);
  assert.equal(describeChange({ rev: 1, kind: 'milestone', characterId: '1', id: 'milestone:1', milestone: null }, { items: new Map(), characters: new Map() }), null);
});

test('vendor and clan words: restock time, costs, last online, ranks; nothing says "null"', async () => {
  const { restockText, costText, readText } = await import('../extension/ui/vendors-view.js');
  const { lastOnlineText, rankText } = await import('../extension/ui/clan-view.js');
  const now = Date.parse('2026-12-06T12:00:00Z');
  assert.equal(restockText('2026-12-07T16:00:00Z', now), 'new stock in 1d 4h');
  assert.equal(restockText('2026-12-06T11:00:00Z', now), 'new stock now');
  assert.equal(restockText(undefined, now), '');
  assert.equal(costText([{ name: 'Glimmer', quantity: 5000 }, { name: 'Legendary Shards', quantity: 10 }]), 'Glimmer × 5,000 · Legendary Shards × 10');
  assert.equal(costText([]), 'Free');
  assert.equal(costText(null), 'Free');
  assert.equal(costText([{ name: '', quantity: 3 }, unchecked({ name: 'Glimmer', quantity: null })]), 'Currency × 3');
  assert.equal(readText('nope'), '');
  assert.match(readText('2026-12-06T12:00:05Z'), /^Read at \d\d:\d\d:05$/);
  assert.equal(lastOnlineText({ online: true, lastOnline: '2026-12-06T09:00:00Z' }, now), 'online now');
  assert.equal(lastOnlineText({ online: false, lastOnline: '2026-12-06T09:00:00Z' }, now), 'last online 3 h ago');
  assert.equal(lastOnlineText({ online: false, lastOnline: '2026-12-06T11:35:00Z' }, now), 'last online 25 min ago');
  assert.equal(lastOnlineText({ online: false, lastOnline: '2026-11-27T12:00:00Z' }, now), 'last online 9 d ago');
  assert.equal(lastOnlineText({ online: false }, now), 'offline');
  assert.equal(rankText('acting_founder'), 'Acting founder');
  assert.equal(rankText('founder'), 'Founder');
  assert.equal(rankText(undefined), '');
});
