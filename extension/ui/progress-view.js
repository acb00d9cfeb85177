// @ts-check
// The Progress view: the selected character's quest steps (with the quest line and "step n of m"),
// bounties (with "expires in 2d 4h") and weekly milestones (reset time, reward earned), each with
// its objectives as bars. A pursuit has a Track / Untrack button (`progress.track`: tracked in game).
import { h, icon } from '../lib/dom.js';
import { iconUrl } from '../lib/rpc.js';
import { objectiveRow, stepText, expiresText, resetsText } from '../lib/progress.js';
/**
 * @import { ProgressItem } from '../../protocol/ts/protocol.js'
 * @typedef {{base: string, track: (item: ProgressItem, tracked: boolean) => void, pending: Set<string>, now: number}} RowOptions
 */

/**
 * The line under a pursuit's name.
 * @param {ProgressItem} item
 * @param {number} now
 */
function detailOf(item, now) {
  if (item.kind === 'milestone') {
    const reward = item.rewardEarned === true ? 'reward earned' : item.rewardEarned === false ? 'reward not earned yet' : '';
    return [resetsText(item.expiresAt, now), reward].filter(Boolean).join(' · ');
  }
  if (item.kind === 'bounty') return expiresText(item.expiresAt, now);
  return stepText(item.step) || expiresText(item.expiresAt, now);
}

/**
 * @param {ProgressItem} item
 * @param {RowOptions} options
 */
function row(item, { base, track, pending, now }) {
  const busy = pending.has(item.id);
  const verb = item.tracked ? 'Untrack' : 'Track';
  const earned = item.kind === 'milestone' && item.rewardEarned === true;
  return h('li', { class: `pursuit${item.complete ? ' complete' : ''}${item.tracked ? ' tracked' : ''}${earned ? ' earned' : ''}`, dataset: { pursuitId: item.id, kind: item.kind } },
    icon(iconUrl(base, item.icon), item.name, 'icon pursuit-icon'),
    h('div', { class: 'pursuit-main' },
      h('div', { class: 'pursuit-head' },
        h('span', { class: 'pursuit-name' }, item.name),
        item.tracked ? h('span', { class: 'badge tracked-badge' }, 'Tracked') : null,
        item.complete ? h('span', { class: 'badge done-badge' }, 'Complete') : null),
      h('span', { class: 'pursuit-detail' }, detailOf(item, now)),
      h('ul', { class: 'objectives' }, item.objectives.map((o) => objectiveRow(o)))),
    item.kind === 'milestone' ? null : h('button', {
      type: 'button',
      class: `act small track${item.tracked ? ' on' : ''}`,
      'aria-pressed': String(Boolean(item.tracked)),
      'aria-label': `${verb} ${item.name}`,
      title: item.tracked ? 'Stop tracking it in game' : 'Track it in game (shown on the HUD and the overlay)',
      disabled: busy,
      onclick: () => track(item, !item.tracked),
    }, busy ? '…' : verb));
}

/**
 * @param {string} title
 * @param {ProgressItem[]} items
 * @param {string} empty what to say when there is none
 * @param {RowOptions} options
 */
function group(title, items, empty, options) {
  return h('section', { class: 'progress-group', 'aria-label': title },
    h('h3', {}, title, ' ', h('span', { class: 'count' }, String(items.length))),
    items.length ? h('ul', { class: 'pursuits' }, items.map((i) => row(i, options))) : h('p', { class: 'empty' }, empty));
}

/**
 * Draws `items` (one character's progress items) into `root`. `state` is `loading`, `error` (with
 * `message`) or `ready`; `track(item, tracked)` runs Track/Untrack; `pending` holds the ids whose
 * tracking is being changed.
 * @param {HTMLElement} root
 * @param {ProgressItem[]} items
 * @param {{state?: 'loading' | 'error' | 'ready', message?: string, base: string, track: RowOptions['track'], pending?: Set<string>, now?: number}} options
 */
export function renderProgress(root, items, { state = 'ready', message = '', base, track, pending = new Set(), now = Date.now() }) {
  if (state === 'loading') {
    root.replaceChildren(h('p', { class: 'empty' }, 'Reading quests and bounties…'));
    return;
  }
  if (state === 'error') {
    root.replaceChildren(h('p', { class: 'error' }, message || 'The daemon could not list progress.'));
    return;
  }
  const options = { base, track, pending, now };
  const quests = items.filter((i) => i.kind === 'quest' || i.kind === 'other');
  const bounties = items.filter((i) => i.kind === 'bounty');
  const milestones = items.filter((i) => i.kind === 'milestone');
  // Unfinished first: what is left to do reads at the top.
  const order = (list) => [...list].sort((a, b) => Number(a.complete) - Number(b.complete));
  root.replaceChildren(
    group('Quests', order(quests), 'No quests on this character.', options),
    group('Bounties', order(bounties), 'No bounties on this character.', options),
    group('Milestones', milestones, 'No weekly milestones.', options));
}
