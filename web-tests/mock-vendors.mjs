// The mock daemon's vendors, collections and clan (PROTOCOL.md `vendors.list`,
// `collections.search`, `clan.get`, the snapshot's `currencies`): three vendors with costed offers
// (some owned, some not, one the account cannot afford), a handful of collectibles in each state,
// and a clan whose roster has one member online. Deterministic apart from the clock.
import { RpcError, err } from './mock-errors.mjs';
import { weeklyReset } from './mock-progress.mjs';

const ICON = (slug) => `/common/destiny2_content/icons/${slug}.jpg`;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The account's currencies, as the snapshot and `vendors.list` give them. */
const CURRENCIES = [
  { hash: 3159615086, name: 'Glimmer', icon: ICON('glimmer'), quantity: 91_422 },
  { hash: 1022552290, name: 'Legendary Shards', icon: ICON('legendary_shards'), quantity: 1_250 },
  { hash: 2817410917, name: 'Bright Dust', icon: ICON('bright_dust'), quantity: 2_400 },
  { hash: 353704689, name: 'Ascendant Shard', icon: ICON('ascendant_shard'), quantity: 3 },
];

/**
 * The vendors: `[name, location, refresh, offers]`, each offer `[name, type, tier, bucket,
 * damage, cost [[currency, quantity]], owned (undefined: no collectible), perks, stats]`.
 */
const VENDORS = [
  ['Xûr', 'Tower — Hangar', 'weekly', [
    ['Sunshot', 'Hand Cannon', 'Exotic', 'energy', 'solar', [['Legendary Shards', 23]], false, ['Sunburn', 'Explosive Rounds'], [['Range', 52], ['Stability', 41]]],
    ['Riskrunner', 'Submachine Gun', 'Exotic', 'energy', 'arc', [['Legendary Shards', 23]], true, ['Arc Conductor', 'Superconductor'], [['Range', 30], ['Stability', 55]]],
    ['Exotic Engram', 'Engram', 'Exotic', 'engrams', null, [['Ascendant Shard', 5]], undefined, [], []],
  ]],
  ['Banshee-44', 'Tower — Courtyard', 'daily', [
    ['Hung Jury SR4', 'Scout Rifle', 'Legendary', 'kinetic', 'kinetic', [['Glimmer', 5_000], ['Legendary Shards', 10]], false, ['Outlaw', 'Rampage'], [['Range', 63], ['Impact', 67]]],
    ['Fatebringer', 'Hand Cannon', 'Legendary', 'kinetic', 'kinetic', [['Glimmer', 5_000], ['Legendary Shards', 10]], true, ['Explosive Payload', 'Firefly'], [['Range', 45], ['Impact', 84]]],
    ['Enhancement Prism', 'Material', 'Rare', 'consumables', null, [['Glimmer', 100_000]], undefined, [], []],
  ]],
  ['Tess Everis', 'Tower — Plaza', 'weekly', [
    ['Eidolon Ally', 'Ship', 'Legendary', 'ships', null, [['Bright Dust', 3_000]], false, [], []],
    ['Dawning Sparrow', 'Vehicle', 'Legendary', 'vehicle', null, [['Bright Dust', 1_500]], false, [], []],
  ]],
];

/**
 * The collectibles: `[name, source, state]`; `invisible` ones are left out of every answer, as
 * the daemon leaves them out.
 */
const COLLECTIBLES = [
  ['Ace of Spades', 'Source: Complete the "Ace of Spades" quest.', 'acquired'],
  ['Dawning Sparrow', 'Source: Eververse.', 'not_acquired'],
  ['Eidolon Ally', 'Source: Eververse.', 'not_acquired'],
  ['Fatebringer', 'Source: Vault of Glass raid.', 'acquired'],
  ['Gjallarhorn', 'Source: Complete the "Gjallarhorn" quest.', 'acquired'],
  ['Hung Jury SR4', 'Source: Banshee-44.', 'not_acquired'],
  ['Riskrunner', 'Source: Exotic engrams.', 'acquired'],
  ['Sunshot', 'Source: Exotic engrams; Xûr.', 'not_acquired'],
  ['Touch of Malice', 'Source: King\'s Fall raid.', 'obscured'],
  ['Whisper of the Worm', 'Source: a secret mission.', 'invisible'],
];

function hashOf(name) {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return h;
}

/** Clan roster: `[name, rank, online, last online (ms ago), joined (days ago)]`. */
const ROSTER = [
  ['Guardian#1234', 'admin', false, 20 * 60_000, 400],
  ['Saint#0014', 'member', false, 3 * HOUR, 210],
  ['Ikora#4821', 'founder', true, 25 * 60_000, 900],
  ['Shaxx#0001', 'member', false, 9 * DAY, 120],
  ['Osiris#7702', 'beginner', false, 26 * HOUR, 12],
];

/** The next daily reset (17:00 UTC) after `now`. */
function dailyReset(now) {
  const d = new Date(now);
  d.setUTCHours(17, 0, 0, 0);
  if (d.getTime() <= now) d.setTime(d.getTime() + DAY);
  return rfc3339(d.getTime());
}

/**
 * Creates the vendors, collections and clan for the mock game. `characterParam(id)` checks a
 * character id (throws the protocol's errors); `checkBungie()` throws while Bungie is away.
 */
export function createVendors({ characterParam, checkBungie }) {
  const currencies = CURRENCIES.map((c) => ({ ...c }));
  let readAt = null;
  let inClan = true;
  const currencyNamed = (name) => currencies.find((c) => c.name === name);

  function offersOf(vendorHash, offers, characterId) {
    return offers.map(([name, type, tier, bucket, damage, cost, owned, perks, stats], index) => {
      const costs = cost.map(([currency, quantity]) => ({ ...currencyNamed(currency), quantity }));
      const gear = ['kinetic', 'energy', 'power'].includes(bucket);
      const item = {
        id: `vendor:${vendorHash}:${index}`,
        hash: hashOf(name),
        name,
        type,
        tier,
        bucket,
        class: 'any',
        ...(gear ? { power: 1810, damage } : {}),
        icon: ICON(name.toLowerCase().replace(/[^a-z0-9]+/g, '_')),
        location: { kind: 'character', characterId },
        equipped: false,
        quantity: 1,
        locked: false,
        transferable: gear,
        equippable: gear,
        lockable: gear,
      };
      const offer = {
        item,
        vendorItemIndex: index,
        cost: costs,
        perks,
        stats: stats.map(([n, value]) => ({ name: n, value })),
        affordable: costs.every((c) => (currencyNamed(c.name)?.quantity ?? 0) >= c.quantity),
      };
      if (owned !== undefined) offer.owned = owned;
      return offer;
    });
  }

  return {
    /** The snapshot's `currencies` (copies). */
    currencies: () => currencies.map((c) => ({ ...c })),
    /** Test control: whether the player is in the clan. */
    setInClan: (value) => { inClan = Boolean(value); },

    list(params) {
      const character = characterParam(params.characterId);
      if (params.refresh !== undefined && typeof params.refresh !== 'boolean') throw err.invalid('refresh', '"refresh" must be true or false');
      const now = Date.now();
      // Bungie's answer is kept until a refresh is asked for (the daily reset does not come in a test).
      if (!readAt || params.refresh === true) {
        checkBungie();
        readAt = rfc3339(now);
      }
      const vendors = VENDORS.map(([name, location, refresh, offers]) => {
        const hash = hashOf(name);
        return {
          hash,
          name,
          icon: ICON(`vendor_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`),
          location,
          refreshesAt: refresh === 'daily' ? dailyReset(now) : weeklyReset(now),
          items: offersOf(hash, offers, character.characterId),
        };
      }).sort((a, b) => a.name.localeCompare(b.name));
      return { vendors, currencies: currencies.map((c) => ({ ...c })), readAt };
    },

    search(params) {
      if (typeof params.query !== 'string') throw err.invalid('query', '"query" must be a string');
      const limit = params.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw err.invalid('limit', 'limit must be 1–1000');
      const words = [];
      let owned = null;
      for (const word of params.query.split(/\s+/).filter(Boolean)) {
        const w = word.toLowerCase();
        if (w === 'is:owned') owned = true;
        else if (w === '-is:owned' || w === 'not:owned') owned = false;
        else if (w.includes(':')) throw new RpcError(-32602, null, `collections understand words of the name and is:owned or -is:owned, not ${word}`, { field: 'query' });
        else words.push(w.replace(/^"|"$/g, ''));
      }
      checkBungie();
      const found = COLLECTIBLES
        .filter(([, , state]) => state !== 'invisible')
        .filter(([name]) => words.every((w) => name.toLowerCase().includes(w)))
        .filter(([, , state]) => owned === null || (state === 'acquired') === owned)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, source, state]) => ({
          hash: hashOf(`collectible:${name}`), name, icon: ICON(name.toLowerCase().replace(/[^a-z0-9]+/g, '_')), source, itemHash: hashOf(name), state,
        }));
      return { collectibles: found.slice(0, limit), total: found.length };
    },

    clan() {
      checkBungie();
      const now = Date.now();
      if (!inClan) return { clan: null, readAt: rfc3339(now) };
      const members = ROSTER.map(([name, rank, online, ago, joined], i) => ({
        name,
        membershipId: String(4611686018400000001n + BigInt(i)),
        online,
        lastOnline: rfc3339(now - ago),
        joinedAt: rfc3339(now - joined * DAY),
        rank,
      })).sort((a, b) => Number(b.online) - Number(a.online) || Date.parse(b.lastOnline) - Date.parse(a.lastOnline));
      return {
        clan: { id: '4395226', name: 'Lighthouse Keepers', motto: 'Eyes up, Guardian.', memberCount: members.length, members },
        readAt: rfc3339(now),
      };
    },
  };
}
