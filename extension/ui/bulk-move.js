// @ts-check
// "Move results to…": the search results moved to one character or the vault in one go, as DIM's
// search action does. Items already there, or that the game keeps in place, are left alone.
import { h, classLabel } from '../lib/dom.js';
/**
 * @import { Character, Item, OperationResult, Step } from '../../protocol/ts/protocol.js'
 * @import { DaemonLink } from '../lib/rpc.js'
 */

/**
 * Whether `item` would actually move to `to` ("vault" or a characterId).
 * @param {Item} item
 * @param {string} to
 */
function movable(item, to) {
  if (!item.transferable || item.location?.kind === 'postmaster') return false;
  if (to === 'vault') return item.location?.kind !== 'vault';
  return !(item.location?.kind === 'character' && item.location.characterId === to);
}

/**
 * Draws the row of destinations for `items` into `root` (hidden when nothing could move).
 * @param {HTMLElement} root
 * @param {Item[]} items
 * @param {Character[]} characters
 * @param {(to: string, button: HTMLElement) => void} onMove
 */
export function renderBulkMove(root, items, characters, onMove) {
  const places = [...characters.map((c) => [c.characterId, classLabel(c.class)]), ['vault', 'Vault']];
  const buttons = places.map(([to, name]) => {
    const n = items.filter((i) => movable(i, to)).length;
    return h('button', {
      type: 'button',
      class: 'act small',
      disabled: n === 0,
      title: n === 0 ? `Nothing here can go to ${name}` : `Move ${n} item${n === 1 ? '' : 's'} to ${name}`,
      'aria-label': `Move results to ${name}`,
      onclick: (e) => onMove(to, e.currentTarget),
    }, name);
  });
  root.hidden = items.length === 0;
  root.replaceChildren(h('span', { class: 'row-title' }, 'Move results to'), ...buttons);
}

/**
 * Moves every movable item of `items` to `to` through `link`, one `items.transfer` after another;
 * resolves like a multi-item operation (`{ok, steps, bungieCalls}`), each failure on its step.
 * @param {DaemonLink} link
 * @param {Item[]} items
 * @param {string} to
 * @returns {Promise<Pick<OperationResult, 'ok' | 'steps' | 'bungieCalls'>>}
 */
export async function moveAll(link, items, to) {
  /** @type {Step[]} */
  const steps = [];
  let bungieCalls = 0;
  for (const item of items.filter((i) => movable(i, to))) {
    try {
      const result = await link.call('items.transfer', { id: item.id, to });
      steps.push(...(result.steps ?? []));
      bungieCalls += result.bungieCalls ?? 0;
    } catch (error) {
      if (error.reason === 'bungie_throttled' || error.reason === 'disconnected') throw error;
      steps.push(...(error.data?.steps ?? []), { action: 'transfer', id: item.id, ok: false, error: { code: error.code ?? 0, message: error.message } });
    }
  }
  return { ok: steps.every((s) => s.ok), steps, bungieCalls };
}
