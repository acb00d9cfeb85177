// The mock daemon's sample account: three characters, their gear, a vault, two loadouts, and
// their quests, bounties and milestones (mock-progress.mjs). Deterministic (no randomness), so
// tests can name items by what they are.
import { samplePursuits } from './mock-progress.mjs';

const ICON = (slug) => `/common/destiny2_content/icons/${slug}.jpg`;

/** Character ids of the sample account, by class. */
export const CHARACTERS = {
  warlock: '2305843009260000001',
  titan: '2305843009260000002',
  hunter: '2305843009260000003',
};

const WEAPONS = {
  kinetic: [
    ['MIDA Multi-Tool', 'Scout Rifle', 'Exotic', 'kinetic'],
    ['Ace of Spades', 'Hand Cannon', 'Exotic', 'kinetic'],
    ['Fatebringer', 'Hand Cannon', 'Legendary', 'kinetic'],
    ['Austringer', 'Hand Cannon', 'Legendary', 'kinetic'],
    ['Bygones', 'Pulse Rifle', 'Legendary', 'kinetic'],
    ['Rose', 'Hand Cannon', 'Legendary', 'kinetic'],
    ['Izanagi\'s Burden', 'Sniper Rifle', 'Exotic', 'kinetic'],
  ],
  energy: [
    ['Riskrunner', 'Submachine Gun', 'Exotic', 'arc'],
    ['Funnelweb', 'Submachine Gun', 'Legendary', 'void'],
    ['Calus Mini-Tool', 'Submachine Gun', 'Legendary', 'solar'],
    ['Trinity Ghoul', 'Combat Bow', 'Exotic', 'arc'],
    ['Zaouli\'s Bane', 'Hand Cannon', 'Legendary', 'solar'],
    ['Edge Transit', 'Grenade Launcher', 'Legendary', 'void'],
  ],
  power: [
    ['Gjallarhorn', 'Rocket Launcher', 'Exotic', 'solar'],
    ['Apex Predator', 'Rocket Launcher', 'Legendary', 'solar'],
    ['Heritage', 'Shotgun', 'Legendary', 'kinetic'],
    ['Commemoration', 'Machine Gun', 'Legendary', 'void'],
    ['Hothead', 'Rocket Launcher', 'Legendary', 'solar'],
  ],
};

const ARMOR = {
  warlock: ['Kairos Function Crown', 'Kairos Function Gloves', 'Kairos Function Robes', 'Kairos Function Boots', 'Kairos Function Bond'],
  titan: ['Kairos Function Helm', 'Kairos Function Gauntlets', 'Kairos Function Plate', 'Kairos Function Greaves', 'Kairos Function Mark'],
  hunter: ['Kairos Function Mask', 'Kairos Function Grips', 'Kairos Function Vest', 'Kairos Function Strides', 'Kairos Function Cloak'],
};
const ARMOR_BUCKETS = ['helmet', 'gauntlets', 'chest', 'legs', 'class_item'];
const ARMOR_TYPES = ['Helmet', 'Gauntlets', 'Chest Armor', 'Leg Armor', 'Class Item'];
const EXOTIC_ARMOR = {
  warlock: ['Nezarec\'s Sin', 'helmet', 'Helmet'],
  titan: ['Heart of Inmost Light', 'chest', 'Chest Armor'],
  hunter: ['St0mp-EE5', 'legs', 'Leg Armor'],
};

function hashOf(name) {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return h;
}

/** Builds the sample world: `{account, characters, items, loadouts, progress}` with fresh objects. */
export function sampleWorld() {
  let serial = 0;
  const items = [];
  const add = (fields) => {
    serial += 1;
    const item = {
      id: String(6917529035440500000n + BigInt(serial)),
      hash: hashOf(fields.name),
      class: 'any',
      damage: null,
      quantity: 1,
      locked: false,
      transferable: true,
      lockable: true,
      equippable: true,
      equipped: false,
      icon: ICON(fields.name.toLowerCase().replace(/[^a-z0-9]+/g, '_')),
      ...fields,
    };
    items.push(item);
    return item;
  };
  const onChar = (cls) => ({ kind: 'character', characterId: CHARACTERS[cls] });
  const vault = { kind: 'vault' };
  const power = (base, i) => base - (i % 4) * 3;

  // Weapons: each character equips one per slot. Kinetic exotics go to the warlock and titan, so
  // their energy and power picks are legendary (one exotic weapon equipped at a time); the energy
  // and power exotics start in the vault.
  const owners = {
    kinetic: ['warlock', 'titan', 'hunter'],
    energy: [null, 'warlock', 'titan', 'hunter'],
    power: [null, 'warlock', 'titan', 'hunter'],
  };
  for (const [bucket, list] of Object.entries(WEAPONS)) {
    list.forEach(([name, type, tier, damage], i) => {
      const owner = owners[bucket][i] ?? null;
      add({
        name, type, tier, damage, bucket, power: power(1810, i),
        location: owner ? onChar(owner) : vault,
        equipped: owner !== null,
        locked: tier === 'Exotic',
      });
    });
  }
  // Armour: a full legendary set on each character, plus its class exotic in the vault.
  for (const cls of ['warlock', 'titan', 'hunter']) {
    ARMOR[cls].forEach((name, i) => {
      add({
        name, type: ARMOR_TYPES[i], tier: 'Legendary', bucket: ARMOR_BUCKETS[i], class: cls,
        power: power(1808, i), location: onChar(cls), equipped: true,
      });
    });
    const [name, bucket, type] = EXOTIC_ARMOR[cls];
    add({ name, type, tier: 'Exotic', bucket, class: cls, power: 1812, location: vault, locked: true });
  }
  add({ name: 'Rasputin\'s Ghost Shell', type: 'Ghost Shell', tier: 'Legendary', bucket: 'ghost', power: 1800, location: vault });
  add({ name: 'Ornate Key', type: 'Quest Item', tier: 'Rare', bucket: 'consumables', power: 0, location: onChar('titan'), transferable: false, equippable: false });
  add({ name: 'Enhancement Core', type: 'Material', tier: 'Rare', bucket: 'consumables', power: 0, quantity: 42, location: vault, equippable: false });

  const characters = [
    { characterId: CHARACTERS.warlock, class: 'warlock', race: 'Awoken', power: 1810, emblem: ICON('emblem_warlock'), emblemColor: '#1f3a68', lastPlayed: '2026-11-24T20:01:00Z', activity: null },
    { characterId: CHARACTERS.titan, class: 'titan', race: 'Human', power: 1805, emblem: ICON('emblem_titan'), emblemColor: '#6b2424', lastPlayed: '2026-11-22T18:30:00Z', activity: null },
    { characterId: CHARACTERS.hunter, class: 'hunter', race: 'Exo', power: 1798, emblem: ICON('emblem_hunter'), emblemColor: '#23573f', lastPlayed: '2026-11-20T09:12:00Z', activity: null },
  ];
  const byName = (n) => items.find((it) => it.name === n);
  const stamp = '2026-11-01T12:00:00Z';
  const loadouts = [
    {
      id: 'lo-warlock-raid', name: 'Raid', characterId: CHARACTERS.warlock, class: 'warlock', createdAt: stamp, updatedAt: stamp,
      items: ['Austringer', 'Funnelweb', 'Gjallarhorn', 'Nezarec\'s Sin'].map((n) => ({ id: byName(n).id, hash: byName(n).hash, equip: true })),
    },
    {
      id: 'lo-warlock-crucible', name: 'Crucible', characterId: CHARACTERS.warlock, class: 'warlock', createdAt: stamp, updatedAt: stamp,
      items: ['Rose', 'Zaouli\'s Bane', 'Ornate Key'].map((n) => ({ id: byName(n).id, hash: byName(n).hash, equip: true })),
    },
  ];
  // Pursuits are items too (bucket `quests`): added last, so the gear keeps its ids.
  const progress = samplePursuits(add, characters);
  return {
    account: { membershipType: 3, membershipId: '4611686018400000001', displayName: 'Guardian#1234' },
    characters,
    items,
    loadouts,
    progress,
  };
}

/**
 * Details `items.get` adds to an item: stats, perks and a description, derived from its kind, and
 * `objectives` (a pursuit's, else empty).
 */
export function itemDetails(item, objectives = []) {
  const weapon = ['kinetic', 'energy', 'power'].includes(item.bucket);
  const seed = item.hash % 97;
  const stats = weapon
    ? { Impact: 40 + (seed % 50), Range: 30 + (seed % 60), Stability: 20 + (seed % 70), Handling: 35 + (seed % 55), 'Reload Speed': 25 + (seed % 65) }
    : item.power > 0
      ? { Mobility: 2 + (seed % 20), Resilience: 2 + ((seed * 3) % 20), Recovery: 2 + ((seed * 7) % 20), Discipline: 2 + ((seed * 11) % 20) }
      : {};
  const perks = weapon
    ? [{ name: 'Outlaw', description: 'Precision kills greatly decrease reload time.' }, { name: 'Kill Clip', description: 'Reloading after a kill grants increased damage.' }]
    : item.power > 0 ? [{ name: 'Artifice Slot', description: 'An extra mod socket.' }] : [];
  return {
    ...item,
    stats,
    perks,
    description: `${item.tier} ${item.type.toLowerCase()}. "Every legend starts somewhere."`,
    objectives,
  };
}
