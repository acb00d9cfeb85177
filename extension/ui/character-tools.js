// @ts-check
// The selected character's tools, under its equipped gear: Maximum Power (the daemon equips the
// highest-power gear it can) and the farming mode toggle (the daemon keeps a free slot in each
// weapon and armour bucket while drops arrive, with no page open).
import { h, classLabel } from '../lib/dom.js';
/** @import { Character } from '../../protocol/ts/protocol.js' */

/**
 * Draws the tools for `character` (or nothing without one). `farming` is the farming character's
 * id or null; `actions` holds `maxPower(characterId, button)` and `farming(characterId, on)`.
 * @param {HTMLElement} root
 * @param {Character | undefined} character
 * @param {string | null} farming
 * @param {{maxPower: (characterId: string, button: HTMLElement) => void, farming: (characterId: string, on: boolean) => void}} actions
 */
export function renderCharacterTools(root, character, farming, actions) {
  if (!character) {
    root.replaceChildren();
    return;
  }
  const who = classLabel(character.class);
  const on = farming === character.characterId;
  root.replaceChildren(
    h('button', {
      type: 'button',
      class: 'act small',
      id: 'max-power',
      title: `Equip the highest-power weapons and armour ${who} can use`,
      onclick: (/** @type {MouseEvent} */ e) => actions.maxPower(character.characterId, /** @type {HTMLElement} */ (e.currentTarget)),
    }, 'Maximum Power'),
    h('button', {
      type: 'button',
      class: `act small toggle${on ? ' on' : ''}`,
      id: 'farming',
      'aria-pressed': String(on),
      title: on ? `Farming mode keeps a free slot in ${who}'s weapon and armour buckets; click to stop` : `Keep a free slot in ${who}'s weapon and armour buckets while drops arrive`,
      onclick: () => actions.farming(character.characterId, !on),
    }, on ? 'Farming mode: on' : 'Farming mode'),
  );
}
