// @ts-check
// Words for a toast: one short line for each inventory change, activity or operation.
import { classLabel } from './lib/dom.js';
/**
 * @import { Change, Character, Item, Location } from '../protocol/ts/protocol.js'
 * @typedef {{items: Map<string, Pick<Item, 'name'>>, characters: Map<string, Pick<Character, 'class'>>}} Names
 */

/**
 * @param {Location | undefined} location
 * @param {Names['characters']} characters
 */
function place(location, characters) {
  if (!location) return 'somewhere';
  if (location.kind === 'vault') return 'the vault';
  if (location.kind === 'postmaster') return 'the postmaster';
  if (location.kind === 'profile') return 'the account';
  const c = characters.get(location.characterId);
  return c ? `the ${classLabel(c.class)}` : 'a character';
}

/**
 * The line to show for a change (`{kind, …}` from `inventory.changed`), or null for changes not
 * worth a toast (a character's lastPlayed ticking). `inventory` is the mirror after the change.
 * @param {Change} change
 * @param {Names} inventory
 * @returns {string | null}
 */
export function describeChange(change, inventory) {
  const name = (/** @type {string} */ id) => inventory.items.get(id)?.name ?? 'An item';
  switch (change.kind) {
    case 'moved':
      return `${name(change.id)} → ${place(change.to, inventory.characters)}`;
    case 'equipped': {
      const c = inventory.characters.get(change.characterId);
      return `Equipped ${name(change.id)}${c ? ` on the ${classLabel(c.class)}` : ''}`;
    }
    case 'added':
      return `New: ${change.item?.name ?? 'an item'}`;
    case 'removed':
      return 'An item was dismantled or used';
    case 'updated':
      // Objectives moving are told by `progress.changed` (a completed bounty, a quest step done).
      if (change.fields && 'objectives' in change.fields) return null;
      if (change.fields && 'locked' in change.fields) return `${change.fields.locked ? 'Locked' : 'Unlocked'} ${name(change.id)}`;
      if (typeof change.fields?.name === 'string') return `Now known: ${change.fields.name}`;
      return `${name(change.id)} changed`;
    default:
      return null;
  }
}
