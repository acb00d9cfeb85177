// @ts-check
// The History view: the selected character's recent activities (`activities.history`), newest
// first, each with its mode, standing, kills/deaths/assists, precision kills, score, time played
// and the fireteam from the post-game report; above them the account's lifetime figures
// (`stats.account`).
import { h, formatDuration } from '../lib/dom.js';
import { count, kdaText, standingText, span } from '../lib/progress.js';
/** @import { AccountStats, ActivityCompleted, FireteamMember } from '../../protocol/ts/protocol.js' */

/** Bungie's mode group names, as players say them. @type {Record<string, string>} */
const GROUPS = {
  allPvE: 'PvE', allPvP: 'Crucible', allPvECompetitive: 'Gambit', raid: 'Raids', allStrikes: 'Strikes',
  story: 'Story', patrol: 'Patrol', dungeon: 'Dungeons', nightfall: 'Nightfalls', trials_of_osiris: 'Trials',
};

/**
 * "6 Dec, 21:19" for an RFC 3339 time; '' when it does not parse.
 * @param {string | null | undefined} iso
 */
function when(iso) {
  const t = Date.parse(iso ?? '');
  if (!Number.isFinite(t)) return '';
  return new Date(t).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * "30h played" (a lifetime is counted in hours), "40m played" under an hour.
 * @param {number} seconds
 */
function hoursPlayed(seconds) {
  if (!Number.isFinite(seconds)) return '';
  return seconds >= 3600 ? `${count(Math.floor(seconds / 3600))}h played` : `${span(seconds * 1000)} played`;
}

/**
 * A figure of the report, or null when it has none ('').
 * @param {string} label
 * @param {string} value
 */
function figure(label, value) {
  return value === '' ? null : h('div', {}, h('dt', {}, label), h('dd', {}, value));
}

/** @param {FireteamMember[]} members */
function fireteamTable(members) {
  if (!members.length) return h('p', { class: 'hint fireteam-none' }, 'No fireteam in the report.');
  return h('table', { class: 'fireteam' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Player'), h('th', { scope: 'col' }, 'Class'), h('th', { scope: 'col' }, 'K / D'), h('th', { scope: 'col' }, 'Power'))),
    h('tbody', {}, members.map((m) => h('tr', { class: m.isSelf ? 'self' : '' },
      h('td', { class: 'member-name' }, m.name || 'Guardian'),
      h('td', {}, m.class || ''),
      h('td', { class: 'num' }, `${count(m.kills ?? 0)} / ${count(m.deaths ?? 0)}`),
      h('td', { class: 'num power' }, Number.isFinite(m.power) && m.power > 0 ? String(m.power) : '')))));
}

/** @param {ActivityCompleted} a */
function report(a) {
  const standing = standingText(a.standing);
  const played = Number.isFinite(a.timePlayedSeconds) && a.timePlayedSeconds > 0 ? a.timePlayedSeconds : a.durationSeconds;
  return h('article', { class: `report${a.completed === false ? ' left' : ''}`, dataset: { pgcrId: a.pgcrId ?? '' } },
    h('header', {},
      h('div', { class: 'report-title' },
        h('strong', {}, a.activity || 'Activity'),
        h('span', { class: 'hint' }, [a.mode, when(a.endedAt), a.completed === false ? 'left early' : ''].filter(Boolean).join(' · '))),
      standing ? h('span', { class: `standing ${a.standing}` }, standing) : null),
    h('dl', { class: 'figures' },
      figure('K / D / A', kdaText(a)),
      figure('Precision', Number.isFinite(a.precisionKills) ? count(a.precisionKills) : ''),
      figure('Score', Number.isFinite(a.score) ? count(a.score) : ''),
      figure('Time played', Number.isFinite(played) ? formatDuration(played) : '')),
    fireteamTable(Array.isArray(a.fireteam) ? a.fireteam : []));
}

/**
 * Draws the activities into `root`. `state` is `loading`, `error` (with `message`) or `ready`.
 * @param {HTMLElement} root
 * @param {ActivityCompleted[]} activities
 * @param {{state?: 'loading' | 'error' | 'ready', message?: string}} [options]
 */
export function renderHistory(root, activities, { state = 'ready', message = '' } = {}) {
  if (state === 'loading') {
    root.replaceChildren(h('p', { class: 'empty' }, 'Reading recent activities…'));
    return;
  }
  if (state === 'error') {
    root.replaceChildren(h('p', { class: 'error' }, message || 'The daemon could not read the activity history.'));
    return;
  }
  root.replaceChildren(...(activities.length
    ? activities.map(report)
    : [h('p', { class: 'empty' }, 'No activities played on this character yet.')]));
}

/**
 * Draws the account's lifetime figures (a `stats.account` result, or null) into `root`: the three most played groups.
 * @param {HTMLElement} root
 * @param {AccountStats | null} stats
 */
export function renderLifetime(root, stats) {
  const modes = (stats?.modes ?? []).slice(0, 3);
  if (!modes.length) {
    root.replaceChildren();
    return;
  }
  root.replaceChildren(
    h('h3', {}, 'Lifetime, all characters'),
    h('ul', { class: 'lifetime-modes' }, modes.map((m) => h('li', {},
      h('strong', {}, GROUPS[m.group] ?? m.group),
      h('span', {}, `K/D ${Number.isFinite(m.kd) ? m.kd.toFixed(2) : '–'}`),
      h('span', {}, `${count(m.kills ?? 0)} kills`),
      h('span', {}, `${count(m.activitiesCleared ?? 0)} cleared`),
      h('span', {}, hoursPlayed(m.secondsPlayed))))));
}
