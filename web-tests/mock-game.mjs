// The mock daemon's game: the sample account's state, revisions and change history, and the
// operations (move, equip, lock, loadouts) with the game's rules, progress events and faults.
import { sampleWorld } from './mock-world.mjs';
import { RpcError, err } from './mock-errors.mjs';
import { createProgress } from './mock-progress.mjs';
import { createVendors } from './mock-vendors.mjs';

/**
 * Creates the game state. `broadcast(method, params)` pushes an event to subscribed clients;
 * `stepDelayMs` is how long each Bungie call of an operation takes.
 */
export function createGame({ broadcast, stepDelayMs }) {
  const world = sampleWorld();
  const items = new Map(world.items.map((it) => [it.id, it]));
  const characters = new Map(world.characters.map((c) => [c.characterId, c]));
  const loadouts = new Map(world.loadouts.map((l) => [l.id, l]));
  const history = []; // every change, each with its rev
  let rev = 1834;
  let sessionState = 'signed_in';
  let fault = null; // 'throttle' | 'maintenance' | null
  let operationSeq = 0;
  const lastActivity = new Map();
  const nextOperationId = () => `op-${++operationSeq}`;
  const progress = createProgress({ characters, items, records: world.progress, commit: (c) => commit(c), broadcast, checkBungie: () => checkBungie() });
  const vendors = createVendors({ characterParam: (id) => characterParam(id), checkBungie: () => checkBungie() });

  const snapshotOf = () => ({
    rev,
    account: world.account,
    characters: [...characters.values()],
    items: [...items.values()],
    vault: { used: [...items.values()].filter((i) => i.location.kind === 'vault').length, capacity: 600 },
    postmaster: Object.fromEntries([...characters.keys()].map((id) => [id, [...items.values()].filter((i) => i.location.kind === 'postmaster' && i.location.characterId === id).length])),
    currencies: vendors.currencies(),
  });

  /** Commits changes (each raises rev by one) and pushes them as one inventory.changed event. */
  function commit(changes) {
    const stamped = changes.map((ch) => {
      rev += 1;
      const c = { rev, ...ch };
      history.push(c);
      return c;
    });
    if (stamped.length) broadcast('inventory.changed', { rev, changes: stamped });
    return stamped;
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const locOf = (to) => (to === 'vault' ? { kind: 'vault' } : { kind: 'character', characterId: to });
  const sameLoc = (a, b) => a.kind === b.kind && a.characterId === b.characterId;

  function checkBungie() {
    if (sessionState !== 'signed_in') throw new RpcError(3003, 'signed_out', 'You are signed out of Bungie.net; sign in again');
    if (fault === 'throttle') throw new RpcError(3001, 'bungie_throttled', 'Bungie.net asked us to slow down', { retryAfterMs: 5000 });
    if (fault === 'maintenance') throw new RpcError(3002, 'bungie_unavailable', 'Bungie.net is down for maintenance; your inventory is still shown from the last sync', { bungieErrorCode: 5 });
  }

  /** Plans the Bungie calls that bring `item` to `dest` (a location), without equipping. */
  function planMove(item, dest) {
    if (sameLoc(item.location, dest)) return [];
    if (!item.transferable) throw new RpcError(2004, 'not_transferable', `${item.name} cannot be moved out of ${item.location.kind === 'vault' ? 'the vault' : 'this character'}`);
    const steps = [];
    if (item.location.kind === 'character') steps.push({ action: 'transfer', from: item.location, to: { kind: 'vault' } });
    if (dest.kind === 'character') steps.push({ action: 'transfer', from: { kind: 'vault' }, to: dest });
    return steps;
  }

  function equipRules(item, characterId) {
    const ch = characters.get(characterId);
    if (!item.equippable) throw new RpcError(2005, 'cannot_equip', `${item.name} cannot be equipped`);
    if (item.class !== 'any' && item.class !== ch.class) throw new RpcError(2005, 'cannot_equip', `${item.name} is ${item.class} gear; a ${ch.class} cannot equip it`);
    if (item.tier === 'Exotic') {
      const weapon = ['kinetic', 'energy', 'power'].includes(item.bucket);
      const group = weapon ? ['kinetic', 'energy', 'power'] : ['helmet', 'gauntlets', 'chest', 'legs', 'class_item'];
      const other = [...items.values()].find((o) => o.equipped && o.id !== item.id && o.bucket !== item.bucket && o.tier === 'Exotic'
        && group.includes(o.bucket) && o.location.characterId === characterId);
      if (other) throw new RpcError(2005, 'cannot_equip', `Only one exotic ${weapon ? 'weapon' : 'armour piece'} can be equipped: unequip ${other.name} first`);
    }
  }

  /** Runs planned steps with progress events; returns [steps done, error of the failed step]. */
  async function runSteps(operationId, planned, total, offset) {
    const done = [];
    for (const [i, step] of planned.entries()) {
      await sleep(stepDelayMs);
      const item = items.get(step.id);
      let error;
      try {
        checkBungie();
        if (step.action === 'transfer') {
          if (item.equipped) throw new RpcError(2004, 'not_transferable', `${item.name} is equipped; equip something else first`);
          const from = item.location;
          item.location = step.to;
          commit([{ kind: 'moved', id: item.id, from, to: step.to }]);
        } else if (step.action === 'equip') {
          equipRules(item, step.to.characterId);
          const current = [...items.values()].find((o) => o.equipped && o.bucket === item.bucket && o.location.characterId === step.to.characterId);
          if (current && current.id !== item.id) current.equipped = false;
          item.equipped = true;
          commit([{ kind: 'equipped', id: item.id, characterId: step.to.characterId, unequipped: current && current.id !== item.id ? current.id : null }]);
        } else if (step.action === 'lock') {
          item.locked = step.locked;
          commit([{ kind: 'updated', id: item.id, fields: { locked: step.locked } }]);
        }
      } catch (e) {
        error = e;
      }
      const result = { action: step.action, id: step.id, from: step.from, to: step.to, ok: !error };
      if (error) result.error = { code: error.code, message: error.message, reason: error.data?.reason };
      done.push(result);
      const progress = { operationId, step: offset + i + 1, of: total, action: step.action, id: step.id, ok: !error };
      broadcast('operation.progress', progress);
      if (error) return [done, error];
    }
    return [done, null];
  }

  async function singleItemOperation(planned, dryRun) {
    const operationId = nextOperationId();
    if (dryRun) return { operationId, ok: true, steps: planned.map((s) => ({ ...s, ok: true })), rev, bungieCalls: planned.length };
    checkBungie();
    const [steps, error] = await runSteps(operationId, planned, planned.length, 0);
    if (error) {
      error.data = { ...error.data, steps };
      throw error;
    }
    return { operationId, ok: true, steps, rev, bungieCalls: steps.length };
  }

  function itemParam(params) {
    if (typeof params.id !== 'string') throw err.invalid('id', '"id" must be an item id string');
    const item = items.get(params.id);
    if (!item) throw err.item(params.id);
    return item;
  }
  function characterParam(id, field = 'characterId') {
    if (typeof id !== 'string') throw err.invalid(field, `"${field}" must be a character id string`);
    if (!characters.has(id)) throw err.character(id);
    return characters.get(id);
  }

  async function equipLoadout(loadout, characterId, dryRun) {
    characterParam(characterId);
    const operationId = nextOperationId();
    checkBungie();
    const plans = loadout.items.map((entry) => {
      const item = items.get(entry.id);
      if (!item) return { entry, error: err.item(entry.id) };
      try {
        const dest = { kind: 'character', characterId };
        const steps = planMove(item, dest).map((s) => ({ ...s, id: item.id }));
        if (entry.equip && !(item.equipped && sameLoc(item.location, dest))) steps.push({ action: 'equip', id: item.id, from: dest, to: dest });
        return { entry, steps };
      } catch (e) {
        return { entry, error: e };
      }
    });
    const total = plans.reduce((n, p) => n + (p.steps ? p.steps.length : 1), 0);
    if (dryRun) {
      const steps = plans.flatMap((p) => p.steps ?? [{ action: 'transfer', id: p.entry.id, ok: false, error: { message: p.error.message, reason: p.error.data.reason } }]);
      return { operationId, ok: plans.every((p) => !p.error), steps: steps.map((s) => ({ ok: true, ...s })), rev, bungieCalls: steps.length };
    }
    const steps = [];
    let offset = 0;
    for (const p of plans) {
      if (p.error) {
        offset += 1;
        const step = { action: 'transfer', id: p.entry.id, from: items.get(p.entry.id)?.location ?? null, to: locOf(characterId), ok: false, error: { code: p.error.code, message: p.error.message, reason: p.error.data.reason } };
        steps.push(step);
        broadcast('operation.progress', { operationId, step: offset, of: total, action: step.action, id: step.id, ok: false });
        continue;
      }
      const [done] = await runSteps(operationId, p.steps, total, offset);
      offset += p.steps.length;
      steps.push(...done);
    }
    return { operationId, ok: steps.every((s) => s.ok), steps, rev, bungieCalls: steps.length };
  }

  function activity({ characterId, phase, name = 'The Glassway', mode = 'Nightfall', kills = 87, deaths = 2, assists = 31 }) {
    const ch = characters.get(characterId);
    if (!ch) return;
    if (phase === 'start') {
      const startedAt = new Date(Date.now() - 83_000).toISOString();
      ch.activity = { name, mode, startedAt };
      ch.lastPlayed = new Date().toISOString();
      commit([{ kind: 'character', character: { ...ch } }]);
      broadcast('activity.started', { characterId, activity: name, mode, startedAt });
      lastActivity.set(characterId, startedAt);
    } else {
      const startedAt = ch.activity?.startedAt ?? lastActivity.get(characterId) ?? new Date().toISOString();
      const endedAt = new Date().toISOString();
      ch.activity = null;
      commit([{ kind: 'character', character: { ...ch } }]);
      // The objectives it moved, then its post-game report (with the fireteam).
      progress.finished(ch, {
        activity: name, mode, completed: true, kills, deaths, assists,
        durationSeconds: Math.max(1, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000)), endedAt,
      });
    }
  }

  return {
    account: world.account,
    items,
    characters,
    loadouts,
    history,
    get rev() { return rev; },
    get sessionState() { return sessionState; },
    set sessionState(state) { sessionState = state; },
    get fault() { return fault; },
    set fault(kind) { fault = kind; },
    nextOperationId,
    snapshotOf,
    commit,
    checkBungie,
    locOf,
    sameLoc,
    planMove,
    equipRules,
    singleItemOperation,
    equipLoadout,
    itemParam,
    characterParam,
    activity,
    progress,
    vendors,
  };
}
