// @ts-check
// The client's copy of the daemon's inventory, kept in step by revision: a snapshot, then each
// change in `rev` order. A gap asks `profile.changes {since}`; a `reset` answer takes a snapshot.
// Every update runs in one queue, so an event that arrives during a catch-up waits its turn.
/**
 * @import { Account, Change, Character, Currency, InventoryChanged, Item, Snapshot, VaultUsage } from '../../protocol/ts/protocol.js'
 * @import { Call } from './rpc.js'
 */

/** Weapon bucket slugs, in the order players read them. */
export const WEAPON_BUCKETS = ['kinetic', 'energy', 'power'];
/** Armour bucket slugs, head to toe. */
export const ARMOR_BUCKETS = ['helmet', 'gauntlets', 'chest', 'legs', 'class_item'];
/**
 * Every bucket in the order the game's character screen reads: weapons, armour, ghost, then the
 * rest. A bucket not listed here comes after all of them (never before the weapons).
 */
export const BUCKET_ORDER = [...WEAPON_BUCKETS, ...ARMOR_BUCKETS, 'ghost', 'subclass', 'vehicle', 'ships', 'emblems',
  'finishers', 'emotes', 'consumables', 'modifications', 'engrams', 'quests', 'lost_items'];
/** The postmaster's capacity per character (the oldest item is lost when a 22nd arrives). */
export const POSTMASTER_CAPACITY = 21;

/**
 * Where a bucket sorts: its place in BUCKET_ORDER, or after every listed bucket.
 * @param {string} slug
 */
export function bucketRank(slug) {
  const i = BUCKET_ORDER.indexOf(slug);
  return i === -1 ? BUCKET_ORDER.length : i;
}

/**
 * The inventory mirror. Emits `change` (detail: `{changes, reset}`) after every update; `changes`
 * lists what was applied, `reset` is true after a snapshot.
 */
export class Inventory extends EventTarget {
  constructor() {
    super();
    /** @type {number | null} */
    this.rev = null;
    /** @type {Account | null} */
    this.account = null;
    /** @type {Map<string, Character>} */
    this.characters = new Map();
    /** @type {Map<string, Item>} */
    this.items = new Map();
    /** @type {VaultUsage} */
    this.vault = { used: 0, capacity: 0 };
    /** @type {Snapshot['postmaster']} */
    this.postmaster = {};
    /** @type {Currency[]} the account's currencies as of the last snapshot (Glimmer, Bright Dust…) */
    this.currencies = [];
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
  }

  /**
   * Calls `listener` after every update (`detail.changes` applied, `detail.reset` after a snapshot).
   * @param {'change'} type
   * @param {(event: CustomEvent<{changes: Change[], reset: boolean}>) => void} listener
   */
  on(type, listener) {
    this.addEventListener(type, /** @type {EventListener} */ (listener));
  }

  /**
   * Replaces everything with a `profile.snapshot` result.
   * @param {Snapshot} snapshot
   */
  load(snapshot) {
    this.rev = snapshot.rev;
    this.account = snapshot.account ?? null;
    this.characters = new Map((snapshot.characters ?? []).map((c) => [c.characterId, c]));
    this.items = new Map((snapshot.items ?? []).map((i) => [i.id, i]));
    this.vault = snapshot.vault ?? { used: 0, capacity: 0 };
    this.postmaster = snapshot.postmaster ?? {};
    this.currencies = Array.isArray(snapshot.currencies) ? snapshot.currencies : [];
    this.emit([], true);
  }

  /**
   * Brings the mirror to the daemon's `rev` after (re)identifying: a snapshot the first time,
   * else the changes missed. `call(method, params)` reaches the daemon.
   * @param {Call} call
   * @param {number} daemonRev
   */
  sync(call, daemonRev) {
    return this.enqueue(async () => {
      if (this.rev === null) {
        this.load(await call('profile.snapshot', {}));
      } else if (daemonRev !== this.rev) {
        await this.catchUp(call);
      }
    });
  }

  /**
   * Takes an `inventory.changed` event; on a gap, catches up through `call`.
   * @param {InventoryChanged} event
   * @param {Call} call
   */
  receive(event, call) {
    return this.enqueue(async () => {
      if (this.rev === null) return;
      const outcome = this.apply(event.changes ?? []);
      if (outcome === 'gap') await this.catchUp(call);
    });
  }

  /**
   * Runs `task` after every earlier update; its failure is the caller's and does not stop the queue.
   * @param {() => Promise<void>} task
   */
  enqueue(task) {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Asks for the changes since our revision; a reset or a gap in them takes a snapshot.
   * @param {Call} call
   */
  async catchUp(call) {
    if (this.rev === null) return;
    const answer = await call('profile.changes', { since: this.rev });
    if (answer.reset) {
      this.load(await call('profile.snapshot', {}));
    } else if (this.apply(answer.changes ?? []) === 'gap') {
      this.load(await call('profile.snapshot', {}));
    } else if (answer.rev > this.rev) {
      this.rev = answer.rev;
    }
  }

  /**
   * Applies changes in rev order, skipping those already seen. Returns "gap" (and applies
   * nothing past it) when a revision is missing, else "applied".
   * @param {Change[]} changes
   * @returns {'gap' | 'applied'}
   */
  apply(changes) {
    /** @type {Change[]} */
    const applied = [];
    /** @type {'gap' | 'applied'} */
    let outcome = 'applied';
    for (const change of [...changes].sort((a, b) => a.rev - b.rev)) {
      if (this.rev === null) break;
      if (change.rev <= this.rev) continue;
      if (change.rev !== this.rev + 1) {
        outcome = 'gap';
        break;
      }
      this.applyOne(change);
      this.rev = change.rev;
      applied.push(change);
    }
    if (applied.length) this.emit(applied, false);
    return outcome;
  }

  /** @param {Change} change the next revision's change */
  applyOne(change) {
    const item = 'id' in change ? this.items.get(change.id) : undefined;
    switch (change.kind) {
      case 'moved':
        if (item) {
          item.location = change.to;
          if (change.to?.kind !== 'character') item.equipped = false;
          this.vault.used += (change.to?.kind === 'vault' ? 1 : 0) - (change.from?.kind === 'vault' ? 1 : 0);
        }
        break;
      case 'equipped':
        if (item) {
          item.equipped = true;
          item.location = { kind: 'character', characterId: change.characterId };
        }
        if (change.unequipped) {
          const off = this.items.get(change.unequipped);
          if (off) off.equipped = false;
        }
        break;
      case 'added':
        if (change.item?.id) this.items.set(change.item.id, change.item);
        break;
      case 'removed':
        this.items.delete(change.id);
        break;
      case 'updated':
        if (item && change.fields) Object.assign(item, change.fields);
        break;
      case 'character':
        if (change.character?.characterId) this.characters.set(change.character.characterId, change.character);
        break;
      default:
        break;
    }
  }

  /**
   * @param {Change[]} changes
   * @param {boolean} reset
   */
  emit(changes, reset) {
    this.dispatchEvent(new CustomEvent('change', { detail: { changes, reset } }));
  }

  /** Characters, most recently played first. */
  charactersByRecent() {
    return [...this.characters.values()].sort((a, b) => String(b.lastPlayed).localeCompare(String(a.lastPlayed)));
  }

  /**
   * The items a character has equipped, in the game's order (weapons, armour, ghost, the rest).
   * @param {string | null} characterId
   */
  equippedOn(characterId) {
    return [...this.items.values()]
      .filter((i) => i.equipped && i.location?.kind === 'character' && i.location.characterId === characterId)
      .sort((a, b) => bucketRank(a.bucket) - bucketRank(b.bucket));
  }

  /**
   * What a character carries but does not wear (its inventory), grouped by bucket.
   * @param {string | null} characterId
   */
  carriedBy(characterId) {
    return this.byBucket((i) => !i.equipped && i.location?.kind === 'character' && i.location.characterId === characterId);
  }

  /**
   * The items waiting in a character's postmaster.
   * @param {string | null} characterId
   */
  postmasterOf(characterId) {
    return [...this.items.values()].filter((i) => i.location?.kind === 'postmaster' && i.location.characterId === characterId);
  }

  /**
   * Items matching `test`, grouped by bucket slug (Map in first-seen order).
   * @param {(item: Item) => boolean} test
   */
  byBucket(test) {
    return groupByBucket([...this.items.values()].filter(test));
  }
}

/**
 * The ids of the items a change touches (the one equipped in its place too).
 * @param {Change} change
 * @returns {string[]}
 */
export function touchedIds(change) {
  switch (change.kind) {
    case 'added':
      return [change.item.id];
    case 'equipped':
      return change.unequipped ? [change.id, change.unequipped] : [change.id];
    case 'moved':
    case 'removed':
    case 'updated':
      return [change.id];
    default:
      // A character, a milestone or a loadout: no item.
      return [];
  }
}

/**
 * Items grouped by bucket slug, in first-seen order.
 * @param {Item[]} items
 * @returns {Map<string, Item[]>}
 */
export function groupByBucket(items) {
  /** @type {Map<string, Item[]>} */
  const groups = new Map();
  for (const item of items) {
    const group = groups.get(item.bucket);
    if (group) group.push(item);
    else groups.set(item.bucket, [item]);
  }
  return groups;
}
