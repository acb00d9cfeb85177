// The client's copy of the daemon's inventory, kept in step by revision: a snapshot, then each
// change in `rev` order. A gap asks `profile.changes {since}`; a `reset` answer takes a snapshot.
// Every update runs in one queue, so an event that arrives during a catch-up waits its turn.

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

/** Where a bucket sorts: its place in BUCKET_ORDER, or after every listed bucket. */
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
    this.rev = null;
    this.account = null;
    this.characters = new Map();
    this.items = new Map();
    this.vault = { used: 0, capacity: 0 };
    this.postmaster = {};
    this.currencies = []; // the account's currencies as of the last snapshot (Glimmer, Bright Dust…)
    this.queue = Promise.resolve();
  }

  /** Replaces everything with a `profile.snapshot` result. */
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

  /** Takes an `inventory.changed` event; on a gap, catches up through `call`. */
  receive(event, call) {
    return this.enqueue(async () => {
      if (this.rev === null) return;
      const outcome = this.apply(event.changes ?? []);
      if (outcome === 'gap') await this.catchUp(call);
    });
  }

  /** Runs `task` after every earlier update; its failure is the caller's and does not stop the queue. */
  enqueue(task) {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  async catchUp(call) {
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
   */
  apply(changes) {
    const applied = [];
    let outcome = 'applied';
    for (const change of [...changes].sort((a, b) => a.rev - b.rev)) {
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

  applyOne(change) {
    const item = this.items.get(change.id);
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
        if (change.unequipped && this.items.has(change.unequipped)) this.items.get(change.unequipped).equipped = false;
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

  emit(changes, reset) {
    this.dispatchEvent(new CustomEvent('change', { detail: { changes, reset } }));
  }

  /** Characters, most recently played first. */
  charactersByRecent() {
    return [...this.characters.values()].sort((a, b) => String(b.lastPlayed).localeCompare(String(a.lastPlayed)));
  }

  /** The items a character has equipped, in the game's order (weapons, armour, ghost, the rest). */
  equippedOn(characterId) {
    return [...this.items.values()]
      .filter((i) => i.equipped && i.location?.kind === 'character' && i.location.characterId === characterId)
      .sort((a, b) => bucketRank(a.bucket) - bucketRank(b.bucket));
  }

  /** What a character carries but does not wear (its inventory), grouped by bucket. */
  carriedBy(characterId) {
    return this.byBucket((i) => !i.equipped && i.location?.kind === 'character' && i.location.characterId === characterId);
  }

  /** The items waiting in a character's postmaster. */
  postmasterOf(characterId) {
    return [...this.items.values()].filter((i) => i.location?.kind === 'postmaster' && i.location.characterId === characterId);
  }

  /** Items matching `test`, grouped by bucket slug (Map in first-seen order). */
  byBucket(test) {
    const groups = new Map();
    for (const item of this.items.values()) {
      if (!test(item)) continue;
      if (!groups.has(item.bucket)) groups.set(item.bucket, []);
      groups.get(item.bucket).push(item);
    }
    return groups;
  }
}
