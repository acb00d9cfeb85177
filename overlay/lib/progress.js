// @ts-check
// Progress and activity reports both faces draw (PROTOCOL.md `progress.list`, `progress.changed`,
// `activity.completed`, `activities.history`): the words for an objective, a bounty's expiry, a
// quest step, a standing, and a mirror of one list of progress items kept current by
// `progress.changed`. Nothing here says "null" or "undefined": missing figures give '' or null.
import { h } from './dom.js';
/** @import { ActivityCompleted, Objective, ProgressChanged, ProgressItem, ProgressListResult, QuestStep } from '../../protocol/ts/protocol.js' */

/**
 * A number as players read it: 12,345 (no decimals); '' for no number.
 * @param {number | null | undefined} n
 */
export function count(n) {
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '';
}

/**
 * "description progress/completionValue" for an objective; "Complete" for one with no words.
 * @param {Partial<Objective> | null | undefined} o
 */
export function objectiveText(o) {
  const what = typeof o?.description === 'string' && o.description.trim() ? o.description.trim() : (o?.complete ? 'Complete' : 'Progress');
  return `${what} ${count(o?.progress ?? 0)}/${count(o?.completionValue ?? 0)}`;
}

/**
 * 0–1: how far an objective is (1 when complete).
 * @param {Partial<Objective> | null | undefined} o
 */
export function objectiveFraction(o) {
  if (o?.complete) return 1;
  const of = Number(o?.completionValue);
  if (!Number.isFinite(of) || of <= 0) return 0;
  return Math.max(0, Math.min(1, Number(o?.progress ?? 0) / of));
}

/**
 * One objective as a row: its words and a bar (`<progress>` for screen readers, styled by each
 * face). `className` prefixes the row's class.
 * @param {Partial<Objective> | null | undefined} o
 * @param {string} [className]
 */
export function objectiveRow(o, className = 'objective') {
  const fraction = objectiveFraction(o);
  return h('li', { class: `${className}${o?.complete ? ' complete' : ''}`, dataset: { objectiveHash: String(o?.hash ?? '') } },
    h('span', { class: `${className}-text` }, objectiveText(o)),
    h('progress', { class: `${className}-bar`, max: '1', value: String(fraction), 'aria-label': objectiveText(o) }));
}

/**
 * "2d 4h", "3h 12m", "12m", "less than a minute" for a span in milliseconds.
 * @param {number} ms
 */
export function span(ms) {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins ? `${hours}h ${mins}m` : `${hours}h`;
  return `${mins}m`;
}

/**
 * "expires in 2d 4h" (a bounty), or "expired"; '' without a date.
 * @param {string | null | undefined} iso
 * @param {number} [now]
 */
export function expiresText(iso, now = Date.now()) {
  const at = Date.parse(iso ?? '');
  if (!Number.isFinite(at)) return '';
  return at <= now ? 'expired' : `expires in ${span(at - now)}`;
}

/**
 * "resets in 1d 20h" (a milestone's weekly reset); '' without a date.
 * @param {string | null | undefined} iso
 * @param {number} [now]
 */
export function resetsText(iso, now = Date.now()) {
  const at = Date.parse(iso ?? '');
  if (!Number.isFinite(at)) return '';
  return at <= now ? 'resetting now' : `resets in ${span(at - now)}`;
}

/**
 * "The Lie · step 2 of 3" for a quest step; just the line's name or '' when the game gives no
 * steps. With `name` (the step's own name), a line of that same name is not said twice.
 * @param {Partial<QuestStep> | null | undefined} step
 * @param {string | null} [name]
 */
export function stepText(step, name = null) {
  if (!step || typeof step !== 'object') return '';
  const line = typeof step.line === 'string' && step.line !== name ? step.line : '';
  const { step: n, steps } = step;
  const place = Number.isInteger(n) && typeof steps === 'number' && Number.isInteger(steps) && steps > 0 ? `step ${n} of ${steps}` : '';
  return [line, place].filter(Boolean).join(' · ');
}

/**
 * "Victory", "Defeat", "1st"… for an activity's `standing`; '' when absent (PvE).
 * @param {string | null | undefined} standing
 */
export function standingText(standing) {
  if (typeof standing !== 'string' || !standing) return '';
  if (standing === 'victory') return 'Victory';
  if (standing === 'defeat') return 'Defeat';
  return standing;
}

/**
 * "87 / 2 / 31" kills, deaths, assists.
 * @param {Partial<Pick<ActivityCompleted, 'kills' | 'deaths' | 'assists'>> | null | undefined} a
 */
export function kdaText(a) {
  return [a?.kills, a?.deaths, a?.assists].map((n) => (Number.isFinite(n) ? count(n) : '–')).join(' / ');
}

/**
 * Every pursuit and milestone of a `progress.list` result, in one array (quests, bounties, milestones).
 * @param {Partial<ProgressListResult> | null | undefined} list
 * @returns {ProgressItem[]}
 */
export function progressItems(list) {
  return [...(list?.quests ?? []), ...(list?.bounties ?? []), ...(list?.milestones ?? [])];
}

/**
 * A mirror of progress items by id: `load(progress.list result)`, then `apply(progress.changed
 * params)` (changed items replace, removed ids go). `items(characterId)` lists one character's,
 * in the order they were first seen (the daemon's order).
 */
export class ProgressMirror {
  constructor() {
    /** @type {Map<string, ProgressItem>} */
    this.byId = new Map();
    this.loaded = false;
  }

  /**
   * Replaces everything with a `progress.list` result (for `characterId` only when given).
   * @param {ProgressListResult} list
   * @param {string | null} [characterId]
   */
  load(list, characterId = null) {
    if (characterId) {
      for (const [key, item] of this.byId) if (item.characterId === characterId) this.byId.delete(key);
    } else {
      this.byId.clear();
    }
    for (const item of progressItems(list)) this.byId.set(keyOf(item), item);
    this.loaded = true;
  }

  /**
   * Applies a `progress.changed` event; answers the ids that changed.
   * @param {ProgressChanged} event
   * @returns {string[]}
   */
  apply(event) {
    const ids = [];
    for (const item of event?.changed ?? []) {
      this.byId.set(keyOf(item), item);
      ids.push(item.id);
    }
    for (const id of event?.removed ?? []) {
      this.byId.delete(keyOf({ id, characterId: event.characterId }));
      ids.push(id);
    }
    return ids;
  }

  /**
   * Replaces one item (a `progress.track` answer).
   * @param {ProgressItem} item
   */
  put(item) {
    if (item?.id) this.byId.set(keyOf(item), item);
  }

  /**
   * One character's items (every character's without an id).
   * @param {string | null} [characterId]
   */
  items(characterId = null) {
    return [...this.byId.values()].filter((i) => !characterId || i.characterId === characterId);
  }
}

/**
 * A milestone's id (`milestone:<hash>`) is the same on every character: the key carries both.
 * @param {{id: string, characterId?: string}} item
 */
function keyOf(item) {
  return `${item.characterId ?? ''}/${item.id}`;
}
